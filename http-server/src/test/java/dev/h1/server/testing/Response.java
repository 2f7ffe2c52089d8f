package dev.h1.server.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * One response as a client reads it, for assertions on fields regardless of their order.
 *
 * @param statusLine the status line without CRLF
 * @param fields     the field lines without CRLF, in order
 * @param body       the body without its framing
 */
public record Response(String statusLine, List<String> fields, String body) {

    public int status() {
        return Integer.parseInt(statusLine.substring(9, 12));
    }

    /** The value of the only field {@code name} (any case), or {@code null}; fails if it appears twice. */
    public String field(String name) {
        String found = null;
        for (String line : fields) {
            int colon = line.indexOf(':');
            if (line.substring(0, colon).equalsIgnoreCase(name)) {
                if (found != null) {
                    throw new AssertionError(name + " appears twice in " + fields);
                }
                found = line.substring(colon + 1).strip();
            }
        }
        return found;
    }

    /**
     * Splits client-side text into the responses it holds, framed as a client frames them (RFC 9112 §6.3): no body
     * for 1xx, 204 and 304, then Content-Length, chunked, or to the end of the text.
     */
    static List<Response> parseAll(String text) {
        List<Response> all = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                throw new AssertionError("incomplete response head: " + text.substring(at));
            }
            String[] lines = text.substring(at, headEnd).split("\r\n");
            Response head = new Response(lines[0], List.of(lines).subList(1, lines.length), "");
            at = headEnd + 4;
            StringBuilder body = new StringBuilder();
            at = readBody(head, text, at, body);
            all.add(new Response(head.statusLine(), head.fields(), body.toString()));
        }
        return all;
    }

    /** Appends the body of {@code head} that starts at {@code at} to {@code body}; returns where it ends. */
    private static int readBody(Response head, String text, int at, StringBuilder body) {
        String length = head.field("Content-Length");
        if (head.statusLine().matches("HTTP/1\\.1 (1\\d\\d|204|304) .*")) {
            return at;
        }
        if (length != null) {
            int end = at + Integer.parseInt(length);
            body.append(text, at, end);
            return end;
        }
        if (!"chunked".equals(head.field("Transfer-Encoding"))) {
            body.append(text, at, text.length());
            return text.length();
        }
        int next = at;
        while (true) {
            int sizeEnd = text.indexOf("\r\n", next);
            int size = Integer.parseInt(text.substring(next, sizeEnd), 16);
            if (size == 0) {
                return text.indexOf("\r\n\r\n", sizeEnd - 2) + 4;
            }
            body.append(text, sizeEnd + 2, sizeEnd + 2 + size);
            next = sizeEnd + 2 + size + 2;
        }
    }
}
