package example;

import java.util.ArrayList;
import java.util.List;

/** Just enough JSON for the example agent (a real agent would use its SDK or a JSON library). */
final class Json {
    private Json() {}

    /** The raw JSON text of each item of a response's "output" array. */
    static List<String> outputItems(String response) {
        int start = response.indexOf("\"output\":[");
        List<String> items = new ArrayList<>();
        if (start < 0) return items;
        int i = start + "\"output\":[".length();
        while (i < response.length() && response.charAt(i) != ']') {
            if (response.charAt(i) != '{') {
                i++;
                continue;
            }
            int end = matching(response, i);
            items.add(response.substring(i, end + 1));
            i = end + 1;
        }
        return items;
    }

    private static int matching(String s, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) return i;
            }
        }
        throw new IllegalArgumentException("unbalanced JSON");
    }

    /** The "text" of a message item's first output_text part. */
    static String text(String item) {
        int k = item.indexOf("\"text\":\"");
        if (k < 0) return "";
        StringBuilder sb = new StringBuilder();
        for (int i = k + 8; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c == '\\') {
                char n = item.charAt(++i);
                sb.append(n == 'n' ? '\n' : n);
            } else if (c == '"') {
                break;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
