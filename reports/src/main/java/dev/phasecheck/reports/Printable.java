package dev.phasecheck.reports;

/**
 * Makes untrusted text safe to print where a terminal or a log viewer reads it: every control
 * character becomes visible as <code>&#92;u001b</code> (backslash, {@code u}, four lowercase hex digits),
 * so a transcript cannot move the cursor, erase a line, retitle a terminal, or fake a line such
 * as "0 errors" in a CI log.
 *
 * <p>Escaped: C0 ({@code U+0000}–{@code U+001F}, newline, carriage return and tab included: a
 * value never ends a line, only the format does), DEL and C1 ({@code U+007F}–{@code U+009F}), the
 * line and paragraph separators {@code U+2028}/{@code U+2029}, and the bidirectional controls
 * ({@code U+061C}, {@code U+200E}, {@code U+200F}, {@code U+202A}–{@code U+202E},
 * {@code U+2066}–{@code U+2069}) that can make a line read differently from what it says.
 */
public final class Printable {
    private Printable() {}

    /** The text with every control character written as backslash-u and four hex digits; null stays null. */
    public static String escape(String s) {
        if (s == null) return null;
        int i = 0;
        while (i < s.length() && !control(s.charAt(i))) i++;
        if (i == s.length()) return s;
        StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (control(c)) {
                sb.append("\\u").append(Character.forDigit(c >> 12, 16)).append(Character.forDigit((c >> 8) & 0xf, 16))
                        .append(Character.forDigit((c >> 4) & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Whether the character is one that {@link #escape} writes as an escape. */
    public static boolean control(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == 0x2028 || c == 0x2029
                || c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }
}
