package dev.h1.server.connection;

import dev.h1.codec.ParseError;
import dev.h1.server.api.CloseReason;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.ClientError;
import dev.h1.server.api.ClientErrorHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.connection.ApiHarness.channel;
import static dev.h1.server.connection.ApiHarness.config;
import static dev.h1.server.connection.ApiHarness.finish;
import static dev.h1.server.connection.ApiHarness.head;
import static dev.h1.server.connection.ApiHarness.send;
import static dev.h1.server.connection.ApiHarness.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Malformed or late requests (Node's 'clientError'): the handler answers, closes, or leaves it to the default. */
class ClientErrorHandlerTest {

    private static final String MALFORMED = "GET / HTTP/1.1\r\nHost: x\r\nBad SECRET-TOKEN: y\r\n\r\n";
    private static final String DEFAULT_400 = head("HTTP/1.1 400 Bad Request",
            "Content-Type: text/plain; charset=utf-8", "Connection: close", "Content-Length: 11") + "Bad Request";

    private static EmbeddedChannel channelWith(ClientErrorHandler handler, List<String> requests) {
        ConnectionConfig config = config().clientErrorHandler(handler).build();
        return channel(config, (req, res) -> {
            requests.add(req.url());
            res.end();
        });
    }

    @Test
    void theHandlerMayRespondWithItsOwnBodyAndTheConnectionCloses() {
        AtomicReference<ClientError> seen = new AtomicReference<>();
        List<String> requests = new ArrayList<>();
        EmbeddedChannel ch = channelWith(error -> {
            seen.set(error);
            error.respond(400, "{\"error\":\"bad header\"}");
        }, requests);
        send(ch, MALFORMED);

        assertEquals(head("HTTP/1.1 400 Bad Request", "Content-Type: text/plain; charset=utf-8", "Connection: close",
                "Content-Length: 22") + "{\"error\":\"bad header\"}", wire(ch));
        assertFalse(ch.isActive());
        assertEquals(List.of(), requests);
        ClientError error = seen.get();
        assertEquals(ParseError.BAD_HEADER, error.parseError());
        assertEquals(400, error.status());
        assertFalse(error.detail().contains("SECRET"), "the detail never echoes client bytes: " + error.detail());
        assertSame(ch, error.connection().channel());
        assertEquals(CloseReason.PARSE_ERROR, error.connection().closeFuture().toCompletableFuture().getNow(null));
        finish(ch);
    }

    @Test
    void theHandlerMayCloseWithoutAnAnswer() {
        EmbeddedChannel ch = channelWith(ClientError::close, new ArrayList<>());
        send(ch, MALFORMED);

        assertEquals("", wire(ch));
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void theHandlerMayAskForTheDefaultAnswer() {
        EmbeddedChannel ch = channelWith(ClientError::respondDefault, new ArrayList<>());
        send(ch, MALFORMED);

        assertEquals(DEFAULT_400, wire(ch));
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void aHandlerThatDoesNothingLeavesTheDefaultAnswer() {
        List<ParseError> seen = new ArrayList<>();
        EmbeddedChannel ch = channelWith(error -> seen.add(error.parseError()), new ArrayList<>());
        send(ch, MALFORMED);

        assertEquals(List.of(ParseError.BAD_HEADER), seen);
        assertEquals(DEFAULT_400, wire(ch));
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void aHandlerThatThrowsLeavesTheDefaultAnswer() {
        EmbeddedChannel ch = channelWith(error -> {
            throw new IllegalStateException("handler bug");
        }, new ArrayList<>());
        send(ch, MALFORMED);

        assertEquals(DEFAULT_400, wire(ch));
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void onlyTheFirstAnswerIsSent() {
        EmbeddedChannel ch = channelWith(error -> {
            error.respond(400, "first");
            error.respond(500, "second");
            error.respondDefault();
        }, new ArrayList<>());
        send(ch, MALFORMED);

        assertEquals(head("HTTP/1.1 400 Bad Request", "Content-Type: text/plain; charset=utf-8", "Connection: close",
                "Content-Length: 5") + "first", wire(ch));
        finish(ch);
    }

    @Test
    void withoutAHandlerTheSafeDefaultAnswerIsSent() {
        List<String> requests = new ArrayList<>();
        EmbeddedChannel ch = channel((req, res) -> requests.add(req.url()));
        send(ch, MALFORMED);

        assertEquals(DEFAULT_400, wire(ch));
        assertEquals(List.of(), requests);
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void theDefaultAnswerCarriesTheStatusOfTheParseError() {
        EmbeddedChannel ch = channel((req, res) -> res.end());
        send(ch, "GET / HTTP/2.0\r\nHost: x\r\n\r\n");

        assertEquals(head("HTTP/1.1 505 HTTP Version Not Supported", "Content-Type: text/plain; charset=utf-8",
                "Connection: close", "Content-Length: 26") + "HTTP Version Not Supported", wire(ch));
        finish(ch);
    }

    @Test
    void requestsBeforeTheMalformedOneAreAnsweredFirst() {
        List<String> requests = new ArrayList<>();
        EmbeddedChannel ch = channelWith(error -> error.respond(400, "no"), requests);
        send(ch, "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n" + MALFORMED);

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", "Keep-Alive: timeout=5")
                + head("HTTP/1.1 400 Bad Request", "Content-Type: text/plain; charset=utf-8", "Connection: close",
                "Content-Length: 2") + "no", wire(ch));
        assertEquals(List.of("/ok"), requests);
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void aHeadThatArrivesTooLateIsAClientErrorWithoutParseError() {
        AtomicReference<ClientError> seen = new AtomicReference<>();
        ConnectionConfig config = config().headersTimeout(Duration.ofSeconds(10)).clientErrorHandler(error -> {
            seen.set(error);
            error.respond(408, "too slow");
        }).build();
        EmbeddedChannel ch = channel(config, (req, res) -> res.end());
        send(ch, "GET / HTTP/1.1\r\nHost: x\r\n");

        ch.advanceTimeBy(10, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertNull(seen.get().parseError());
        assertEquals(408, seen.get().status());
        assertEquals(head("HTTP/1.1 408 Request Timeout", "Content-Type: text/plain; charset=utf-8",
                "Connection: close", "Content-Length: 8") + "too slow", wire(ch));
        assertFalse(ch.isActive());
        finish(ch);
    }
}
