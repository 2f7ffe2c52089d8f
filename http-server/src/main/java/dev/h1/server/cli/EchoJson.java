package dev.h1.server.cli;

import dev.h1.codec.Headers;

import java.util.Base64;

/**
 * The document of {@code --echo} mode, one line of ASCII JSON (shown here on two):
 * <pre>
 * {"method": "GET", "target": "/a?b", "version": "HTTP/1.1",
 *  "headers": [["Host","x"], ["Accept","*&#47;*"]], "body_b64": ""}
 * </pre>
 * Header fields keep their received order and case. Strings are escaped by {@link #quote}.
 */
final class EchoJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EchoJson() {
    }

    static String render(String method, String target, String version, Headers headers, byte[] body) {
        StringBuilder json = new StringBuilder(128 + 32 * headers.size() + body.length * 4 / 3);
        json.append("{\"method\": ");
        quote(json, method);
        json.append(", \"target\": ");
        quote(json, target);
        json.append(", \"version\": ");
        quote(json, version);
        json.append(", \"headers\": [");
        for (int i = 0; i < headers.size(); i++) {
            json.append(i == 0 ? "[" : ", [");
            quote(json, headers.name(i));
            json.append(',');
            quote(json, headers.value(i));
            json.append(']');
        }
        json.append("], \"body_b64\": \"").append(Base64.getEncoder().encodeToString(body)).append("\"}");
        return json.toString();
    }

    /**
     * Appends {@code text} as a JSON string (RFC 8259 §7): {@code "} and {@code \} get a backslash; request bytes
     * arrive as ISO-8859-1 characters, and everything outside printable ASCII (controls, DEL, obs-text) is written as
     * a {@code \}{@code u00XX} escape, so the document is pure ASCII and every byte stays recoverable.
     */
    static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                json.append(c);
            } else {
                json.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                        .append(HEX[c & 0xf]);
            }
        }
        json.append('"');
    }
}
