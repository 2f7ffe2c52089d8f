package dev.h1.server.connection;

import dev.h1.codec.ParseError;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.ClientError;
import dev.h1.server.api.ClientErrorHandler;
import dev.h1.server.api.CloseReason;
import dev.h1.server.testing.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Malformed or late requests (Node's 'clientError'): the handler answers, closes, or leaves it to the default. */
class ClientErrorHandlerTest {

    private static final String MALFORMED = "GET / HTTP/1.1\r\nHost: x\r\nBad SECRET-TOKEN: y\r\n\r\n";
    private static final String DEFAULT_400 = head("HTTP/1.1 400 Bad Request",
            "Content-Type: text/plain; charset=utf-8", "Connection: close", "Content-Length: 11") + "Bad Request";

    private static EmbeddedServer serverWith(ClientErrorHandler handler, List<String> requests) {
        return EmbeddedServer.start(config().clientErrorHandler(handler), (req, res) -> {
            requests.add(req.url());
            res.end();
        });
    }

    @Test
    void theHandlerMayRespondWithItsOwnBodyAndTheConnectionCloses() {
        AtomicReference<ClientError> seen = new AtomicReference<>();
        List<String> requests = new ArrayList<>();
        EmbeddedServer server = serverWith(error -> {
            seen.set(error);
            error.respond(400, "{\"error\":\"bad header\"}");
        }, requests);
        server.send(MALFORMED);

        assertEquals(head("HTTP/1.1 400 Bad Request", "Content-Type: text/plain; charset=utf-8", "Connection: close",
                "Content-Length: 22") + "{\"error\":\"bad header\"}", server.output());
        assertFalse(server.isOpen());
        assertEquals(List.of(), requests);
        ClientError error = seen.get();
        assertEquals(ParseError.BAD_HEADER, error.parseError());
        assertEquals(400, error.status());
        assertFalse(error.detail().contains("SECRET"), "the detail never echoes client bytes: " + error.detail());
        assertSame(server.channel(), error.connection().channel());
        assertEquals(CloseReason.PARSE_ERROR, error.connection().closeFuture().toCompletableFuture().getNow(null));
        server.finish();
    }

    @Test
    void theHandlerMayCloseWithoutAnAnswer() {
        EmbeddedServer server = serverWith(ClientError::close, new ArrayList<>());
        server.send(MALFORMED);

        assertEquals("", server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void theHandlerMayAskForTheDefaultAnswer() {
        EmbeddedServer server = serverWith(ClientError::respondDefault, new ArrayList<>());
        server.send(MALFORMED);

        assertEquals(DEFAULT_400, server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void aHandlerThatDoesNothingLeavesTheDefaultAnswer() {
        List<ParseError> seen = new ArrayList<>();
        EmbeddedServer server = serverWith(error -> seen.add(error.parseError()), new ArrayList<>());
        server.send(MALFORMED);

        assertEquals(List.of(ParseError.BAD_HEADER), seen);
        assertEquals(DEFAULT_400, server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void aHandlerThatThrowsLeavesTheDefaultAnswer() {
        EmbeddedServer server = serverWith(error -> {
            throw new IllegalStateException("handler bug");
        }, new ArrayList<>());
        server.send(MALFORMED);

        assertEquals(DEFAULT_400, server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void onlyTheFirstAnswerIsSent() {
        EmbeddedServer server = serverWith(error -> {
            error.respond(400, "first");
            error.respond(500, "second");
            error.respondDefault();
        }, new ArrayList<>());
        server.send(MALFORMED);

        assertEquals(head("HTTP/1.1 400 Bad Request", "Content-Type: text/plain; charset=utf-8", "Connection: close",
                "Content-Length: 5") + "first", server.output());
        server.finish();
    }

    @Test
    void withoutAHandlerTheSafeDefaultAnswerIsSent() {
        List<String> requests = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> requests.add(req.url()));
        server.send(MALFORMED);

        assertEquals(DEFAULT_400, server.output());
        assertEquals(List.of(), requests);
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void theDefaultAnswerCarriesTheStatusOfTheParseError() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());
        server.send("GET / HTTP/2.0\r\nHost: x\r\n\r\n");

        assertEquals(head("HTTP/1.1 505 HTTP Version Not Supported", "Content-Type: text/plain; charset=utf-8",
                "Connection: close", "Content-Length: 26") + "HTTP Version Not Supported", server.output());
        server.finish();
    }

    @Test
    void requestsBeforeTheMalformedOneAreAnsweredFirst() {
        List<String> requests = new ArrayList<>();
        EmbeddedServer server = serverWith(error -> error.respond(400, "no"), requests);
        server.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n" + MALFORMED);

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE)
                + head("HTTP/1.1 400 Bad Request", "Content-Type: text/plain; charset=utf-8", "Connection: close",
                "Content-Length: 2") + "no", server.output());
        assertEquals(List.of("/ok"), requests);
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void aHeadThatArrivesTooLateIsAClientErrorWithoutParseError() {
        AtomicReference<ClientError> seen = new AtomicReference<>();
        ConnectionConfig.Builder config = config().headersTimeout(Duration.ofSeconds(10))
                .clientErrorHandler(error -> {
                    seen.set(error);
                    error.respond(408, "too slow");
                });
        EmbeddedServer server = EmbeddedServer.start(config, (req, res) -> res.end());
        server.send("GET / HTTP/1.1\r\nHost: x\r\n");

        server.advanceSeconds(10);
        assertNull(seen.get().parseError());
        assertEquals(408, seen.get().status());
        assertEquals(head("HTTP/1.1 408 Request Timeout", "Content-Type: text/plain; charset=utf-8",
                "Connection: close", "Content-Length: 8") + "too slow", server.output());
        assertFalse(server.isOpen());
        server.finish();
    }
}
