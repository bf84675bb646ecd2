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

    /**
     * A JSON Schema validator's instance location as an RFC 6901 pointer ({@code ""} for the
     * whole document): array indexes as numbers, property names escaped.
     */
    public static String of(com.networknt.schema.path.NodePath path) {
        if (path == null) return "";
        String p = "";
        for (int i = 0; i < path.getNameCount(); i++) {
            Object el = path.getElement(i);
            p = el instanceof Integer n ? append(p, n) : append(p, String.valueOf(el));
        }
        return p;
    }
}
