package dev.phasecheck.client;

import java.util.List;

/**
 * One conversation for the client to play.
 *
 * @param key              the conversation key the client names in {@code metadata.phasecheck_conversation}
 *                         and the {@code X-Phasecheck-Conversation} header
 * @param model            the model to ask
 * @param stream           whether every request asks for an SSE stream
 * @param maxRequests      how many model requests at most (a scenario's turns, a probe's budget)
 * @param userMessages     the user messages in order: the first opens the conversation, each later one
 *                         follows an answer (a response without function calls)
 * @param stopWhenAnswered stop at an answer when no user message is left (a probe); otherwise, past the
 *                         given ones, follow each answer with {@link #NEXT} until {@code maxRequests}
 *                         (a scenario, whose turns the server scripts)
 * @param marker           extra metadata values sent with every request (e.g. {@code phasecheck_probe}), may be empty
 */
public record Plan(String key, String model, boolean stream, int maxRequests, List<String> userMessages,
                   boolean stopWhenAnswered, java.util.Map<String, String> marker) {
    /** What follows an answer when the plan has no more user messages of its own. */
    public static final String NEXT = "Thanks. Next, please.";

    public Plan {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("a conversation needs a key");
        if (maxRequests < 1) throw new IllegalArgumentException("maxRequests must be at least 1");
        if (userMessages == null || userMessages.isEmpty()) throw new IllegalArgumentException("a conversation needs a first user message");
        userMessages = List.copyOf(userMessages);
        marker = marker == null ? java.util.Map.of() : java.util.Map.copyOf(marker);
    }

    /**
     * The plan for a scenario of the simulated server: {@code turns} requests, opened by a user message
     * that names the key (so even a server that routes by first message tells conversations apart).
     */
    public static Plan scenario(String key, String model, int turns, boolean stream) {
        return new Plan(key, model, stream, turns, List.of("Start the task, please. (conversation " + key + ")"), false,
                java.util.Map.of());
    }
}
