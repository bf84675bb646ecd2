package dev.phasecheck.compat;

import java.util.Map;

/**
 * What a compat program needs to know about the scenario it plays, from the environment that
 * scripts/compat.sh sets (COMPAT_*) and that `phasecheck run` sets (OPENAI_BASE_URL, OPENAI_API_KEY).
 * Immutable; read once per program.
 */
record Scenario(String id, String model, int userTurns, boolean store, boolean stream, String baseUrl, String apiKey) {

    /** No built-in scenario needs more requests than this. */
    static final int MAX_REQUESTS = 20;

    static final String FIRST_USER_MESSAGE = "Refactor the auth module and make the failing test pass.";

    static Scenario fromEnv() {
        Map<String, String> env = System.getenv();
        return new Scenario(env.getOrDefault("COMPAT_SCENARIO", "tool-loop"), env.getOrDefault("COMPAT_MODEL", "gpt-5.4"),
                Integer.parseInt(env.getOrDefault("COMPAT_USER_TURNS", "1")),
                !"false".equals(env.get("COMPAT_STORE")), "on".equals(env.get("COMPAT_STREAM")),
                require(env, "OPENAI_BASE_URL"), require(env, "OPENAI_API_KEY"));
    }

    private static String require(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) throw new IllegalStateException(name + " is not set: run this under `phasecheck run`");
        return v;
    }

    static String followUp(int n) {
        return "Thanks. Next step " + n + ", please.";
    }

    /** The two tools of the built-in scenarios. Nothing is executed: the output is canned. */
    static String runTool(String name, String argumentsJson) {
        return switch (name) {
            case "run_command" -> "$ " + argumentsJson + "\nok (simulated output)";
            case "read_file" -> "contents of " + argumentsJson + " (simulated)";
            default -> "unknown tool " + name;
        };
    }

    static void log(String s) {
        System.err.println("[compat] " + s);
    }
}
