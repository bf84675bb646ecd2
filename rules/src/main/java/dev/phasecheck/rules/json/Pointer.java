package dev.phasecheck.rules.json;

/** RFC 6901 JSON Pointer building. */
public final class Pointer {
    private Pointer() {}

    /** Appends one reference token, escaping {@code ~} and {@code /}. */
    public static String append(String base, String token) {
        String t = token.indexOf('~') < 0 && token.indexOf('/') < 0 ? token
                : token.replace("~", "~0").replace("/", "~1");
        return base + "/" + t;
    }

    public static String append(String base, int index) {
        return base + "/" + index;
    }
}
