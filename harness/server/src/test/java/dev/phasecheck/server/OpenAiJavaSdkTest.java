package dev.phasecheck.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.api.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real SDK against the simulator: openai-java, replaying output items properly (must pass) and
 * rebuilding history as {@code EasyInputMessage} text without phase (must fail with phase-dropped),
 * streamed (through the SDK's ResponseAccumulator) and not.
 */
class OpenAiJavaSdkTest {

    private static Response call(OpenAIClient client, ResponseCreateParams params, boolean stream) {
        if (!stream) return client.responses().create(params);
        ResponseAccumulator acc = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> events = client.responses().createStreaming(params)) {
            events.stream().forEach(acc::accumulate);
        }
        return acc.response();
    }

    private static List<ResponseInputItem> replay(Response response, boolean rebuild) {
        List<ResponseInputItem> items = new ArrayList<>();
        for (ResponseOutputItem item : response.output()) {
            if (item.isMessage()) {
                if (rebuild) {
                    String text = item.asMessage().content().stream().filter(c -> c.isOutputText())
                            .map(c -> c.asOutputText().text()).collect(Collectors.joining());
                    items.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                            .role(EasyInputMessage.Role.ASSISTANT).content(text).build()));
                } else {
                    items.add(ResponseInputItem.ofResponseOutputMessage(item.asMessage()));
                }
            } else if (item.isFunctionCall()) {
                items.add(ResponseInputItem.ofFunctionCall(item.asFunctionCall()));
                items.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                        .callId(item.asFunctionCall().callId()).output("ok").build()));
            } else if (item.isReasoning()) {
                items.add(ResponseInputItem.ofReasoning(item.asReasoning()));
            }
        }
        return items;
    }

    @ParameterizedTest(name = "{0} rebuild={1} stream={2}")
    @CsvSource({"tool-loop,false,false", "tool-loop,false,true", "tool-loop,true,false", "tool-loop,true,true",
                "chat-follow-up,false,true", "chat-follow-up,true,false", "reasoning-stateless,false,true"})
    void openAiJava(String id, boolean rebuild, boolean stream) {
        Scenario scenario = Scenario.builtIn(id);
        try (Simulator server = Simulator.start(scenario)) {
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(server.openAiBaseUrl()).apiKey("sk-test")
                    .maxRetries(0).build();
            List<ResponseInputItem> history = new ArrayList<>();
            history.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                    .role(EasyInputMessage.Role.USER).content("Refactor the auth module").build()));
            for (int t = 0; t < scenario.turns(); t++) {
                ResponseCreateParams.Builder params = ResponseCreateParams.builder().model(scenario.model())
                        .inputOfResponse(List.copyOf(history));
                if (id.equals("reasoning-stateless")) params.store(false);
                Response response = call(client, params.build(), stream);
                history.addAll(replay(response, rebuild));
                if (response.output().stream().noneMatch(ResponseOutputItem::isFunctionCall)) {
                    history.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                            .role(EasyInputMessage.Role.USER).content("Next, please.").build()));
                }
            }
            client.close();
            Set<String> rules = server.lint(new Linter(), id).findings().stream()
                    .filter(f -> f.severity().atLeast(Severity.WARNING)).map(Finding::rule)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(rebuild ? Set.of("phase-dropped") : Set.of(), rules);
        }
    }
}
