package dev.h1.testing;

/**
 * Builds raw request text for decoder tests, so that every line ending in a test is visible: {@link #head} ends each
 * line with CRLF and adds the empty line; {@link #lines} ends each given line with CRLF and nothing more.
 */
public final class Wire {

    /** The line terminator of HTTP/1.1 (RFC 9112 §2.2). */
    public static final String CRLF = "\r\n";

    private Wire() {
    }

    /** A request head: the request line and each field line followed by CRLF, then the empty line. */
    public static String head(String requestLine, String... fieldLines) {
        return lines(requestLine) + lines(fieldLines) + CRLF;
    }

    /** Each line followed by CRLF. */
    public static String lines(String... lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append(CRLF);
        }
        return text.toString();
    }

    /** {@code count} copies of {@code c}, to build inputs of an exact length. */
    public static String repeat(char c, int count) {
        return String.valueOf(c).repeat(count);
    }
}
