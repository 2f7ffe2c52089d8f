package dev.h1.server.cli;

import dev.h1.server.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code --echo} mode through a real socket: the exact JSON for whatever request arrives. */
class EchoModeTest {

    static HttpServer server;
    static InetSocketAddress address;

    @BeforeAll
    static void start() {
        server = Main.create(Options.parse("--port", "0", "--io-threads", "1", "--echo"));
        address = server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertJson(String expected, RawHttp.Response response) {
        assertEquals(200, response.status());
        assertEquals("application/json", response.header("Content-Type"));
        assertEquals(String.valueOf(response.body().length), response.header("Content-Length"));
        assertEquals(expected, new String(response.body(), StandardCharsets.US_ASCII));
    }

    @Test
    void describesRepeatedHeadersInOrderWithTheirCaseAndTheDecodedBody() throws IOException {
        RawHttp.Response response = RawHttp.exchange(address, "PUT /a/b?x=1&y=%20z HTTP/1.1\r\n"
                + "Host: example.test\r\n"
                + "X-Dup: one\r\n"
                + "x-dup:   two  \r\n"
                + "X-Quote: say \"hi\" \\ \u00e9\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + "\r\n"
                + "5\r\nhello\r\n1\r\n\u00ff\r\n0\r\n\r\n");

        String body64 = Base64.getEncoder().encodeToString(new byte[] {'h', 'e', 'l', 'l', 'o', (byte) 0xff});
        assertJson("{\"method\": \"PUT\", \"target\": \"/a/b?x=1&y=%20z\", \"version\": \"HTTP/1.1\", \"headers\": ["
                + "[\"Host\",\"example.test\"], [\"X-Dup\",\"one\"], [\"x-dup\",\"two\"], "
                + "[\"X-Quote\",\"say \\\"hi\\\" \\\\ \\u00e9\"], [\"Transfer-Encoding\",\"chunked\"]], "
                + "\"body_b64\": \"" + body64 + "\"}", response);
    }

    @Test
    void answersAnyMethodAndTargetForm() throws IOException {
        try (RawHttp connection = RawHttp.connect(address)) {
            assertJson("{\"method\": \"OPTIONS\", \"target\": \"*\", \"version\": \"HTTP/1.1\", \"headers\": "
                            + "[[\"Host\",\"h\"]], \"body_b64\": \"\"}",
                    connection.send("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").read());
            assertJson("{\"method\": \"PURGE\", \"target\": \"http://h/x\", \"version\": \"HTTP/1.1\", \"headers\": "
                            + "[[\"Host\",\"h\"], [\"Content-Length\",\"3\"]], \"body_b64\": \"YWJj\"}",
                    connection.send("PURGE http://h/x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc").read());
        }
    }

    @Test
    void reportsHttp10() throws IOException {
        assertJson("{\"method\": \"GET\", \"target\": \"/old\", \"version\": \"HTTP/1.0\", \"headers\": [], "
                + "\"body_b64\": \"\"}", RawHttp.exchange(address, "GET /old HTTP/1.0\r\n\r\n"));
    }

    @Test
    void malformedRequestsGetTheNormalErrorAnswer() throws IOException {
        RawHttp.Response response = RawHttp.exchange(address, "GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n");

        assertEquals(400, response.status());
        assertEquals("close", response.header("Connection"));
    }

    @Test
    void aBodyDeclaredOverTheEchoLimitIsAnswered413AtOnce() throws IOException {
        // 1 TiB declared and nothing sent: answered before any of the body (issue 12: it used to wait for 64 MiB).
        try (RawHttp connection = RawHttp.connect(address)) {
            RawHttp.Response response = connection
                    .send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1099511627776\r\n\r\n").read();
            assertEquals(413, response.status());
            assertEquals("close", response.header("Connection"));
        }
    }
}
