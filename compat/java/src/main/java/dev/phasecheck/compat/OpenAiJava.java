package dev.phasecheck.compat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * com.openai:openai-java, one conversation, the ways its docs and examples show.
 * Variants (args[0]):
 * <ul>
 *   <li>{@code replay-output}: ResponsesConversationExample / ResponsesFunctionCallingExample: every output item goes
 *       back as {@code ResponseInputItem.ofResponseOutputMessage / ofFunctionCall / ofReasoning};</li>
 *   <li>{@code rebuild-text}: history rebuilt as {@code EasyInputMessage} (role assistant, the output text);</li>
 *   <li>{@code previous-id}: {@code previousResponseId} chaining, only the new input sent.</li>
 * </ul>
 * Streamed (COMPAT_STREAM=on): {@code createStreaming} folded by the SDK's {@code ResponseAccumulator}.
 */
public final class OpenAiJava {

    public static void main(String[] args) {
        String variant = args.length > 0 ? args[0] : "replay-output";
        Scenario sc = Scenario.fromEnv();
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(sc.baseUrl()).apiKey(sc.apiKey()).maxRetries(0).build();
        try {
            run(client, sc, variant);
        } finally {
            client.close();
        }
    }

    private static void run(OpenAIClient client, Scenario sc, String variant) {
        List<ResponseInputItem> history = new ArrayList<>();
        history.add(user(Scenario.FIRST_USER_MESSAGE));
        List<ResponseInputItem> pending = new ArrayList<>(history);
        String previousId = null;
        int usersSent = 1;
        for (int n = 0; n < Scenario.MAX_REQUESTS; n++) {
            ResponseCreateParams.Builder params = ResponseCreateParams.builder().model(sc.model()).tools(tools());
            if (!sc.store()) params.store(false).include(List.of(ResponseIncludable.REASONING_ENCRYPTED_CONTENT));
            if (variant.equals("previous-id")) {
                params.inputOfResponse(List.copyOf(pending));
                if (previousId != null) params.previousResponseId(previousId);
            } else {
                params.inputOfResponse(List.copyOf(history));
            }
            Response response = call(client, params.build(), sc.stream());
            previousId = response.id();
            Scenario.log("response " + (n + 1) + ": " + response.output().size() + " items");
            List<ResponseInputItem> next = new ArrayList<>();
            boolean calls = false;
            for (ResponseOutputItem item : response.output()) {
                if (item.isMessage()) {
                    if (variant.equals("replay-output")) history.add(ResponseInputItem.ofResponseOutputMessage(item.asMessage()));
                    else if (variant.equals("rebuild-text")) {
                        String text = item.asMessage().content().stream().filter(c -> c.isOutputText())
                                .map(c -> c.asOutputText().text()).collect(Collectors.joining());
                        history.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                                .role(EasyInputMessage.Role.ASSISTANT).content(text).build()));
                    }
                } else if (item.isFunctionCall()) {
                    calls = true;
                    var fc = item.asFunctionCall();
                    if (!variant.equals("previous-id")) history.add(ResponseInputItem.ofFunctionCall(fc));
                    ResponseInputItem out = ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                            .callId(fc.callId()).output(Scenario.runTool(fc.name(), fc.arguments())).build());
                    history.add(out);
                    next.add(out);
                } else if (item.isReasoning()) {
                    if (!variant.equals("previous-id")) history.add(ResponseInputItem.ofReasoning(item.asReasoning()));
                } else if (item.isWebSearchCall()) {
                    if (!variant.equals("previous-id")) history.add(ResponseInputItem.ofWebSearchCall(item.asWebSearchCall()));
                }
            }
            if (!calls) {
                if (usersSent >= sc.userTurns()) return;
                usersSent++;
                ResponseInputItem u = user(Scenario.followUp(usersSent));
                history.add(u);
                next.add(u);
            }
            pending = next;
        }
    }

    private static Response call(OpenAIClient client, ResponseCreateParams params, boolean stream) {
        if (!stream) return client.responses().create(params);
        ResponseAccumulator acc = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> events = client.responses().createStreaming(params)) {
            events.stream().forEach(acc::accumulate);
        }
        return acc.response();
    }

    private static ResponseInputItem user(String text) {
        return ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder().role(EasyInputMessage.Role.USER).content(text).build());
    }

    private static List<Tool> tools() {
        return List.of(tool("run_command", "Run a shell command and return its output.", "command"),
                tool("read_file", "Read a file and return its contents.", "path"));
    }

    private static Tool tool(String name, String description, String arg) {
        return Tool.ofFunction(FunctionTool.builder().name(name).description(description).strict(true)
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of(arg, Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of(arg)))
                        .putAdditionalProperty("additionalProperties", JsonValue.from(false)).build())
                .build());
    }
}
