package dev.phasecheck.compat;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/**
 * Spring AI (spring-ai-openai), one conversation, the way the Spring AI reference shows it: a {@code ChatClient}
 * over {@code OpenAiChatModel}, {@code @Tool} methods, and a {@code MessageChatMemoryAdvisor} over a
 * {@code MessageWindowChatMemory} for the history. Spring AI runs the tool loop itself.
 * Spring AI 2.0.1 has no Responses API model: {@code OpenAiChatModel} speaks Chat Completions only, which
 * cannot carry {@code phase} at all; this program shows what that does to a phase model's conversation.
 * Variant (args[0]): chat-client. Streamed (COMPAT_STREAM=on): {@code .stream().content()}, collected.
 */
public final class SpringAi {

    public static final class Tools {
        @Tool(description = "Run a shell command and return its output.")
        public String run_command(@ToolParam(description = "The command line") String command) {
            return Scenario.runTool("run_command", "{\"command\":\"" + command + "\"}");
        }

        @Tool(description = "Read a file and return its contents.")
        public String read_file(@ToolParam(description = "The file path") String path) {
            return Scenario.runTool("read_file", "{\"path\":\"" + path + "\"}");
        }
    }

    public static void main(String[] args) {
        String variant = args.length > 0 ? args[0] : "chat-client";
        if (!variant.equals("chat-client")) throw new IllegalArgumentException("unknown variant " + variant);
        Scenario sc = Scenario.fromEnv();
        OpenAiChatModel model = OpenAiChatModel.builder()
                .options(OpenAiChatOptions.builder().baseUrl(sc.baseUrl()).apiKey(sc.apiKey()).model(sc.model()).build())
                .build();
        ChatMemory memory = MessageWindowChatMemory.builder().maxMessages(100).build();
        ChatClient client = ChatClient.builder(model).defaultTools(new Tools())
                .defaultAdvisors(MessageChatMemoryAdvisor.builder(memory).build()).build();
        for (int u = 1; u <= sc.userTurns(); u++) {
            String text = u == 1 ? Scenario.FIRST_USER_MESSAGE : Scenario.followUp(u);
            String answer = sc.stream()
                    ? String.join("", client.prompt().user(text).advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "compat")).stream().content().collectList().block())
                    : client.prompt().user(text).advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "compat")).call().content();
            Scenario.log("turn " + u + ": " + answer);
        }
    }
}
