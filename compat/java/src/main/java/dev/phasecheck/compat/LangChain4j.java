package dev.phasecheck.compat;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiResponsesChatModel;
import dev.langchain4j.model.openai.OpenAiResponsesStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * dev.langchain4j:langchain4j-open-ai, OpenAiResponsesChatModel (and OpenAiResponsesStreamingChatModel), one
 * conversation, the two ways the LangChain4j docs show.
 * Variants (args[0]):
 * <ul>
 *   <li>{@code chat-request}: the low-level API of the "Tools" tutorial: {@code model.chat(ChatRequest)} with
 *       {@code ToolSpecification}s, the {@code AiMessage} and a {@code ToolExecutionResultMessage} appended to the
 *       message list after each call;</li>
 *   <li>{@code ai-service}: the high-level API: {@code AiServices} with {@code @Tool} methods and a
 *       {@code MessageWindowChatMemory}, one {@code chat(String)} per user turn.</li>
 * </ul>
 * Streamed (COMPAT_STREAM=on): the streaming model, with a {@code StreamingChatResponseHandler} (chat-request) or a
 * {@code TokenStream} (ai-service).
 */
public final class LangChain4j {

    interface Assistant {
        String chat(String userMessage);
    }

    interface StreamingAssistant {
        TokenStream chat(String userMessage);
    }

    /** The scenario's tools as LangChain4j {@code @Tool} methods (for AiServices). */
    public static final class Tools {
        @Tool("Run a shell command and return its output.")
        public String run_command(@P("The command line") String command) {
            return Scenario.runTool("run_command", "{\"command\":\"" + command + "\"}");
        }

        @Tool("Read a file and return its contents.")
        public String read_file(@P("The file path") String path) {
            return Scenario.runTool("read_file", "{\"path\":\"" + path + "\"}");
        }
    }

    public static void main(String[] args) throws Exception {
        String variant = args.length > 0 ? args[0] : "chat-request";
        Scenario sc = Scenario.fromEnv();
        List<String> include = sc.store() ? List.of() : List.of("reasoning.encrypted_content");
        if (variant.equals("chat-request")) {
            if (sc.stream()) {
                StreamingChatModel model = OpenAiResponsesStreamingChatModel.builder().baseUrl(sc.baseUrl()).apiKey(sc.apiKey())
                        .modelName(sc.model()).store(sc.store()).include(include).build();
                chatRequest(sc, request -> {
                    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
                    model.chat(request, new StreamingChatResponseHandler() {
                        @Override public void onPartialResponse(String partial) { }
                        @Override public void onCompleteResponse(ChatResponse response) { done.complete(response); }
                        @Override public void onError(Throwable error) { done.completeExceptionally(error); }
                    });
                    return done.get(60, TimeUnit.SECONDS);
                });
            } else {
                ChatModel model = OpenAiResponsesChatModel.builder().baseUrl(sc.baseUrl()).apiKey(sc.apiKey())
                        .modelName(sc.model()).store(sc.store()).include(include).build();
                chatRequest(sc, model::chat);
            }
        } else if (variant.equals("ai-service")) {
            var memory = MessageWindowChatMemory.withMaxMessages(100);
            if (sc.stream()) {
                StreamingChatModel model = OpenAiResponsesStreamingChatModel.builder().baseUrl(sc.baseUrl()).apiKey(sc.apiKey())
                        .modelName(sc.model()).store(sc.store()).include(include).build();
                StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class).streamingChatModel(model)
                        .chatMemory(memory).tools(new Tools()).build();
                for (int u = 1; u <= sc.userTurns(); u++) {
                    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
                    assistant.chat(u == 1 ? Scenario.FIRST_USER_MESSAGE : Scenario.followUp(u))
                            .onPartialResponse(p -> { })
                            .onCompleteResponse(done::complete)
                            .onError(done::completeExceptionally)
                            .start();
                    Scenario.log("turn " + u + ": " + done.get(120, TimeUnit.SECONDS).aiMessage().text());
                }
            } else {
                ChatModel model = OpenAiResponsesChatModel.builder().baseUrl(sc.baseUrl()).apiKey(sc.apiKey())
                        .modelName(sc.model()).store(sc.store()).include(include).build();
                Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).chatMemory(memory)
                        .tools(new Tools()).build();
                for (int u = 1; u <= sc.userTurns(); u++) {
                    Scenario.log("turn " + u + ": " + assistant.chat(u == 1 ? Scenario.FIRST_USER_MESSAGE : Scenario.followUp(u)));
                }
            }
        } else {
            throw new IllegalArgumentException("unknown variant " + variant);
        }
    }

    interface Caller {
        ChatResponse call(ChatRequest request) throws Exception;
    }

    private static void chatRequest(Scenario sc, Caller caller) throws Exception {
        List<ToolSpecification> tools = List.of(
                ToolSpecification.builder().name("run_command").description("Run a shell command and return its output.")
                        .parameters(JsonObjectSchema.builder().addStringProperty("command", "The command line").required("command").build())
                        .build(),
                ToolSpecification.builder().name("read_file").description("Read a file and return its contents.")
                        .parameters(JsonObjectSchema.builder().addStringProperty("path", "The file path").required("path").build())
                        .build());
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(UserMessage.from(Scenario.FIRST_USER_MESSAGE));
        int usersSent = 1;
        for (int n = 0; n < Scenario.MAX_REQUESTS; n++) {
            ChatResponse response = caller.call(ChatRequest.builder().messages(messages).toolSpecifications(tools).build());
            AiMessage ai = response.aiMessage();
            messages.add(ai);
            Scenario.log("response " + (n + 1) + ": text=" + ai.text() + " tools=" + ai.toolExecutionRequests().size());
            if (ai.hasToolExecutionRequests()) {
                for (ToolExecutionRequest req : ai.toolExecutionRequests()) {
                    messages.add(ToolExecutionResultMessage.from(req, Scenario.runTool(req.name(), req.arguments())));
                }
            } else if (usersSent < sc.userTurns()) {
                usersSent++;
                messages.add(UserMessage.from(Scenario.followUp(usersSent)));
            } else {
                return;
            }
        }
    }
}
