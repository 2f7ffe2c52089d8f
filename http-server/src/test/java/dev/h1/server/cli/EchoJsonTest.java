package dev.h1.server.cli;

import dev.h1.codec.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@code --echo} document and its JSON string escaping, channel-free. */
class EchoJsonTest {

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder();
        EchoJson.quote(json, text);
        return json.toString();
    }

    @Test
    void printableAsciiIsWrittenAsIs() {
        assertEquals("\"GET /a?b=c&d=%20 ~!{}[]'\"", quoted("GET /a?b=c&d=%20 ~!{}[]'"));
    }

    @Test
    void quoteAndBackslashGetABackslash() {
        assertEquals("\"a\\\"b\\\\c\"", quoted("a\"b\\c"));
    }

    @Test
    void controlCharactersAndDelAreUnicodeEscapes() {
        assertEquals("\"\\u0000\\u0009\\u000a\\u000d\\u001f\\u007f\"", quoted("\0\t\n\r\u001f\u007f"));
    }

    @Test
    void bytesAboveAsciiAreLatin1UnicodeEscapes() {
        String latin1 = new String(new byte[] {(byte) 0x80, (byte) 0xe9, (byte) 0xff}, StandardCharsets.ISO_8859_1);

        assertEquals("\"\\u0080\\u00e9\\u00ff\"", quoted(latin1));
    }

    @Test
    void rendersTheDocumentWithHeadersInOrderAndTheBodyInBase64() {
        Headers headers = new Headers().add("Host", "example").add("X-Dup", "one").add("x-dup", "two");

        String json = EchoJson.render("POST", "/p?q", "HTTP/1.1", headers, "hello".getBytes(StandardCharsets.US_ASCII));

        assertEquals("{\"method\": \"POST\", \"target\": \"/p?q\", \"version\": \"HTTP/1.1\", \"headers\": "
                + "[[\"Host\",\"example\"], [\"X-Dup\",\"one\"], [\"x-dup\",\"two\"]], \"body_b64\": \"aGVsbG8=\"}",
                json);
    }

    @Test
    void rendersNoHeadersAndAnEmptyBody() {
        assertEquals("{\"method\": \"OPTIONS\", \"target\": \"*\", \"version\": \"HTTP/1.0\", \"headers\": [], "
                        + "\"body_b64\": \"\"}",
                EchoJson.render("OPTIONS", "*", "HTTP/1.0", Headers.empty(), new byte[0]));
    }
}
