package dev.h1.server.connection;

import dev.h1.codec.DecoderConfig;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Response;
import dev.h1.testing.Wire;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.assertErrorAnswer;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * How h1 answers what goes wrong: a request that cannot be parsed gets its status with {@code Connection: close} and
 * the reason phrase as the whole body, never client bytes (Helidon's safe message), then the connection closes; an
 * exception from the application is a 500 if no head was sent, otherwise a close.
 */
class ErrorAnswerTest {

    /** A token put in the offending part of each bad request: it must never come back. */
    private static final String MARKER = "Zq9Marker";

    /** A request that fails to parse, with the status that answers it. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                /* 0 */ arguments("field name with a space", 400,
                        Wire.head("GET / HTTP/1.1", "Host: x", "Bad " + MARKER + ": v")),
                /* 1 */ arguments("control character in a field value", 400,
                        Wire.head("GET / HTTP/1.1", "Host: x", "X-Value: " + MARKER + "\u0001")),
                /* 2 */ arguments("character not allowed in the target", 400,
                        Wire.head("GET /" + MARKER + "<script> HTTP/1.1", "Host: x")),
                /* 3 */ arguments("obs-fold", 400,
                        Wire.head("GET / HTTP/1.1", "Host: x", "X-Folded: a", " " + MARKER)),
                /* 4 */ arguments("no Host", 400, Wire.head("GET /" + MARKER + " HTTP/1.1")),
                /* 5 */ arguments("two Content-Length values", 400,
                        Wire.head("POST / HTTP/1.1", "Host: x", "Content-Length: 1", "Content-Length: 2" + MARKER)),
                /* 6 */ arguments("header section over the limit", 431,
                        Wire.head("GET / HTTP/1.1", "Host: x", "X-" + MARKER + ": " + Wire.repeat('a', 17_000))),
                /* 7 */ arguments("target over the request line limit", 414,
                        Wire.head("GET /" + MARKER + Wire.repeat('a', 9_000) + " HTTP/1.1", "Host: x")),
                /* 8 */ arguments("transfer coding h1 does not decode", 501,
                        Wire.head("POST / HTTP/1.1", "Host: x", "Transfer-Encoding: " + MARKER + ", chunked")),
                /* 9 */ arguments("HTTP major version 2", 505, Wire.head("GET /" + MARKER + " HTTP/2.0", "Host: x")),
                /* 10 */ arguments("bad chunk size", 400,
                        Wire.head("POST / HTTP/1.1", "Host: x", "Transfer-Encoding: chunked") + MARKER + "\r\n"));
    }

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @MethodSource("malformed")
    void aMalformedRequestIsAnsweredWithItsStatusAndClosedWithoutEchoingIt(String why, int status, String raw) {
        List<String> handled = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            handled.add(req.url());
            req.body(data -> { });
        });

        server.send(raw);

        String output = server.output();
        assertErrorAnswer(status, output);
        assertFalse(output.toLowerCase(Locale.ROOT).contains(MARKER.toLowerCase(Locale.ROOT)), output);
        assertFalse(server.isOpen());
        assertEquals(CloseReason.PARSE_ERROR, server.closeReason());
        assertEquals(List.of("open", "close PARSE_ERROR"), server.events());
        server.finish();
    }

    @Test
    void aMalformedRequestAfterAGoodOneIsAnsweredAfterTheGoodOne() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end(req.url()));

        server.send(get("/good") + "GET /" + MARKER + "<> HTTP/1.1\r\nHost: x\r\n\r\n");

        String output = server.output();
        List<Response> answered = responses(output);
        assertEquals(2, answered.size(), output);
        assertEquals("/good", answered.get(0).body());
        assertEquals("HTTP/1.1 400 Bad Request", answered.get(1).statusLine());
        assertEquals("close", answered.get(1).field("Connection"));
        assertFalse(output.contains(MARKER));
        assertEquals(CloseReason.PARSE_ERROR, server.closeReason());
        server.finish();
    }

    @Test
    void aMalformedRequestBehindAnOutstandingResponseWaitsForIt() {
        ServerResponse[] pending = new ServerResponse[1];
        EmbeddedServer server = EmbeddedServer.start((req, res) -> pending[0] = res);

        server.send(get("/slow") + "BAD\r\n\r\n");
        assertEquals("", server.output());
        assertTrue(server.isOpen());
        pending[0].end("slow");

        List<Response> answered = responses(server.output());
        assertEquals(List.of(200, 400), answered.stream().map(Response::status).toList());
        assertEquals(CloseReason.PARSE_ERROR, server.closeReason());
        server.finish();
    }

    @Test
    void aMalformedChunkInABodyBeingReadFailsTheBodyAndIsAnswered400() {
        List<String> events = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> req.body(new BodyListener() {
            @Override
            public void onData(ByteBuf data) {
                events.add("data " + data.readableBytes());
            }

            @Override
            public void onError(Throwable cause) {
                events.add("error");
            }
        }));

        server.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz" + MARKER + "\r\n");

        String output = server.output();
        assertErrorAnswer(400, output);
        assertFalse(output.contains(MARKER));
        assertEquals(List.of("data 3", "error"), events);
        assertEquals(CloseReason.PARSE_ERROR, server.closeReason());
        server.finish();
    }

    @Test
    void aMalformedChunkAfterTheResponseHeadWasSentClosesTheConnection() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.writeHead(200);
            res.write("streaming");
            req.body(data -> { });
        });

        server.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n");

        // The head is out: the 400 cannot be sent any more, only the close tells the client (SERVER.md).
        assertEquals(head("HTTP/1.1 200 OK", KEEP_ALIVE, "Transfer-Encoding: chunked") + "9\r\nstreaming\r\n",
                server.output());
        assertFalse(server.isOpen());
        assertEquals(CloseReason.PARSE_ERROR, server.closeReason());
        server.finish();
    }

    @Test
    void aBodyOverTheDecodersLimitIsAnswered413() {
        EmbeddedServer server = EmbeddedServer.start(
                EmbeddedServer.config().decoder(DecoderConfig.builder().maxBodyBytes(5).build()),
                (req, res) -> res.end());

        server.send(EmbeddedServer.post("/", "0123456789"));

        assertErrorAnswer(413, server.output());
        assertEquals(CloseReason.PARSE_ERROR, server.closeReason());
        server.finish();
    }

    // ---- the application fails ----

    @Test
    void anExceptionFromTheHandlerIsAnswered500AndCloses() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            throw new IllegalStateException("secret " + MARKER);
        });

        server.send(get("/"));

        String output = server.output();
        assertErrorAnswer(500, output);
        assertFalse(output.contains(MARKER));
        assertFalse(server.isOpen());
        assertEquals(CloseReason.APPLICATION_ERROR, server.closeReason());
        server.finish();
    }

    @Test
    void anExceptionAfterTheHeadWasSentClosesTheConnection() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.setHeader("Content-Length", "10");
            res.write("01234");
            throw new IllegalStateException("broken");
        });

        server.send(get("/"));

        String output = server.output();
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 10", KEEP_ALIVE) + "01234",
                output);
        assertFalse(server.isOpen());
        assertEquals(CloseReason.APPLICATION_ERROR, server.closeReason());
        server.finish();
    }

    @Test
    void anExceptionFromABodyListenerIsAnswered500() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> req.body(data -> {
            throw new IllegalStateException("cannot take it");
        }));

        server.send(EmbeddedServer.post("/", "0123456789") + get("/next"));

        assertErrorAnswer(500, server.output());
        assertEquals(CloseReason.APPLICATION_ERROR, server.closeReason());
        server.finish();
    }

    @Test
    void anErrorThrownByTheHandlerIsAnswered500Too() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            throw new AssertionError("an Error, not an Exception");
        });

        server.send(get("/"));

        assertErrorAnswer(500, server.output());
        assertEquals(CloseReason.APPLICATION_ERROR, server.closeReason());
        server.finish();
    }

    @Test
    void aResponseShorterThanItsContentLengthClosesTheConnection() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.setHeader("Content-Length", "10");
            res.end("01234");
        });

        server.send(get("/") + get("/next"));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 10", KEEP_ALIVE) + "01234", server.output(),
                "only the broken response");
        assertFalse(server.isOpen(), "the client must not wait for the missing bytes (RFC 9112 §8)");
        assertEquals(CloseReason.APPLICATION_ERROR, server.closeReason());
        server.finish();
    }

    @Test
    void aResponseHeadTheEncoderRefusesClosesTheConnectionInsteadOfAnsweringTheNextRequest() {
        List<String> handled = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            handled.add(req.url());
            if (req.url().equals("/broken")) {
                res.setHeader("Content-Length", "ten");
            }
            res.end(req.url());
        });

        server.send(get("/broken") + get("/next"));

        assertEquals("", server.output(), "the answer to /next must not pass for the answer to /broken");
        assertFalse(server.isOpen());
        assertEquals(CloseReason.APPLICATION_ERROR, server.closeReason());
        assertEquals(List.of("/broken"), handled);
        server.finish();
    }

    @Test
    void anErrorAnswerDoesNotNeedTheRequestToBeWellFormedHttp11() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());

        server.send("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u00fc" + MARKER + "\r\n\r\n"); // a TLS hello

        String output = server.output();
        assertErrorAnswer(400, output);
        assertFalse(output.contains(MARKER));
        assertEquals(CloseReason.PARSE_ERROR, server.closeReason());
        server.finish();
    }
}
