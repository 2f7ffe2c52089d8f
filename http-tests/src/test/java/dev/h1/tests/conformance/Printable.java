package dev.h1.tests.conformance;

/**
 * Shows raw ISO-8859-1 text in failure messages with control characters escaped, so that CR, LF and HTAB are visible.
 */
public final class Printable {

    private Printable() {
    }

    public static String of(String raw) {
        StringBuilder text = new StringBuilder(raw.length() + 2).append('"');
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '\t' -> text.append("\\t");
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        text.append(String.format("\\x%02x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        return text.append('"').toString();
    }
}
