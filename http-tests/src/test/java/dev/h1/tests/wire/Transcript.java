package dev.h1.tests.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the server sent on one connection, up to its close, split into responses.
 *
 * @param received     the bytes, in order
 * @param end          how reading ended: "EOF", "reset", or why not (the server kept the connection open)
 * @param writeFailure why sending the input stopped early (the server had closed), or null
 */
record Transcript(byte[] received, String end, String writeFailure) {

    /** One response: status line, header fields, body (framed by Content-Length or chunked). */
    record Response(String statusLine, List<Map.Entry<String, String>> headers, byte[] body) {

        int status() {
            return Integer.parseInt(statusLine.split(" ", 3)[1]);
        }

        String header(String name) {
            return headers.stream().filter(field -> field.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return statusLine + (body.length > 300 ? " <" + body.length + " bytes>" : " " + text());
        }
    }

    boolean isClosed() {
        return end.equals("EOF") || end.equals("reset");
    }

    List<Response> responses() {
        return parse().responses;
    }

    /** What follows the last complete response, if anything (printable), or null. */
    String unparsed() {
        return parse().rest;
    }

    private Parsed parse() {
        String text = new String(received, StandardCharsets.ISO_8859_1);
        List<Response> responses = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                break;
            }
            String[] lines = text.substring(at, headEnd).split("\r\n");
            if (!lines[0].matches("HTTP/1\\.[01] \\d{3}( .*)?")) {
                break;
            }
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(Map.entry(lines[i].substring(0, Math.max(colon, 0)),
                        lines[i].substring(colon + 1).trim()));
            }
            Response head = new Response(lines[0], headers, new byte[0]);
            int bodyStart = headEnd + 4;
            String length = head.header("Content-Length");
            int bodyLength = length == null || head.status() < 200 ? 0 : Integer.parseInt(length);
            if (bodyStart + bodyLength > text.length()) {
                break;
            }
            responses.add(new Response(lines[0], headers,
                    text.substring(bodyStart, bodyStart + bodyLength).getBytes(StandardCharsets.ISO_8859_1)));
            at = bodyStart + bodyLength;
        }
        String rest = at < text.length() ? printable(text.substring(at, Math.min(text.length(), at + 300))) : null;
        return new Parsed(responses, rest);
    }

    private record Parsed(List<Response> responses, String rest) {
    }

    static String printable(String raw) {
        StringBuilder text = new StringBuilder("\"");
        for (char c : raw.toCharArray()) {
            switch (c) {
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '\t' -> text.append("\\t");
                default -> text.append(c < 0x20 || c >= 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return text.append('"').toString();
    }
}
