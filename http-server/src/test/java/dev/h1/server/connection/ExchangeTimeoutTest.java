package dev.h1.server.connection;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.api.TimeoutHandler;
import dev.h1.server.testing.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-exchange inactivity timeouts, Node's {@code req.setTimeout} / {@code res.setTimeout}: nothing read for the
 * request and nothing written by the response for the given time runs the listener once (or closes without one). And
 * the server-wide {@link TimeoutHandler} learns the exchange under way. The clock is the embedded channel's.
 */
class ExchangeTimeoutTest {

    private static final Duration TEN = Duration.ofSeconds(10);

    /** Only the timers under test run: the read deadlines are off. */
    private static ConnectionConfig.Builder quiet() {
        return config().keepAliveTimeout(Duration.ZERO).headersTimeout(Duration.ZERO).requestTimeout(Duration.ZERO);
    }

    private final List<String> fired = new ArrayList<>();
    private ServerRequest request;
    private ServerResponse response;

    private EmbeddedServer start(boolean onTheRequest) {
        return EmbeddedServer.start(quiet(), (req, res) -> {
            request = req;
            response = res;
            if (onTheRequest) {
                req.setTimeout(TEN, () -> fired.add("timeout " + req.url()));
            } else {
                res.setTimeout(TEN, () -> fired.add("timeout " + req.url()));
            }
        });
    }

    @Test
    void theListenerRunsOnceAfterTheInactivity() {
        EmbeddedServer server = start(true);
        server.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n");

        server.advanceSeconds(9);
        assertEquals(List.of(), fired);
        server.advanceSeconds(1);
        assertEquals(List.of("timeout /up"), fired);
        server.advanceSeconds(30);
        assertEquals(List.of("timeout /up"), fired, "once");
        assertTrue(server.isOpen(), "the listener decides");
        response.end();
        server.output();
        server.finish();
    }

    @Test
    void bodyBytesReadForTheRequestStartItOver() {
        EmbeddedServer server = start(true);
        server.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n");
        request.body(data -> { });

        server.advanceSeconds(6);
        server.send("01234");
        server.advanceSeconds(6);
        assertEquals(List.of(), fired);
        server.advanceSeconds(4);
        assertEquals(List.of("timeout /up"), fired);
        response.end();
        server.output();
        server.finish();
    }

    @Test
    void writesOfTheResponseStartItOver() {
        EmbeddedServer server = start(false);
        server.send(get("/down"));

        server.advanceSeconds(6);
        response.write("part");
        server.advanceSeconds(6);
        assertEquals(List.of(), fired);
        server.advanceSeconds(4);
        assertEquals(List.of("timeout /down"), fired);
        response.end();
        server.output();
        server.finish();
    }

    @Test
    void withoutAListenerTheConnectionCloses() {
        EmbeddedServer server = EmbeddedServer.start(quiet(), (req, res) -> res.setTimeout(TEN, null));
        server.send(get("/"));

        server.advanceSeconds(10);

        assertFalse(server.isOpen());
        assertEquals(CloseReason.IDLE_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void theTimerStopsWhenTheExchangeIsOver() {
        EmbeddedServer server = start(false);
        server.send(get("/1"));
        response.end();

        server.advanceSeconds(30);

        assertEquals(List.of(), fired);
        assertEquals(1, responses(server.output()).size());
        server.finish();
    }

    @Test
    void zeroStopsTheTimer() {
        EmbeddedServer server = start(true);
        server.send(get("/"));
        response.setTimeout(Duration.ZERO, null);

        server.advanceSeconds(30);

        assertEquals(List.of(), fired);
        assertTrue(server.isOpen());
        assertThrows(IllegalArgumentException.class, () -> request.setTimeout(Duration.ofSeconds(-1), null));
        response.end();
        server.output();
        server.finish();
    }

    @Test
    void aListenerThatThrowsIsAnApplicationError() {
        EmbeddedServer server = EmbeddedServer.start(quiet(), (req, res) -> res.setTimeout(TEN, () -> {
            throw new IllegalStateException("boom");
        }));
        server.send(get("/"));

        server.advanceSeconds(10);

        assertEquals(500, responses(server.output()).get(0).status());
        assertEquals(CloseReason.APPLICATION_ERROR, server.closeReason());
        server.finish();
    }

    @Test
    void theServerWideTimeoutHandlerLearnsTheExchangeUnderWay() {
        List<String> seen = new ArrayList<>();
        TimeoutHandler handler = new TimeoutHandler() {
            @Override
            public void onTimeout(HttpConnection connection) {
                seen.add("connection only");
            }

            @Override
            public void onTimeout(HttpConnection connection, ServerRequest req, ServerResponse res) {
                seen.add(req == null ? "between requests" : req.url());
                if (res != null && !res.headersSent()) {
                    res.statusCode(503).end("slow");
                }
            }
        };
        EmbeddedServer server = EmbeddedServer.start(quiet().idleTimeout(Duration.ofSeconds(30))
                .timeoutHandler(handler), (req, res) -> { });

        server.send(get("/stuck"));
        server.advanceSeconds(30);

        assertEquals(List.of("/stuck"), seen);
        assertEquals(503, responses(server.output()).get(0).status());
        server.advanceSeconds(30);
        assertEquals(List.of("/stuck", "between requests"), seen);
        server.finish();
    }

    @Test
    void aHandlerOfTheConnectionAloneStillWorks() {
        List<HttpConnection> seen = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start(quiet().idleTimeout(Duration.ofSeconds(30))
                .timeoutHandler(seen::add), (req, res) -> { });
        server.send(get("/stuck"));

        server.advanceSeconds(30);

        assertEquals(1, seen.size());
        assertNull(server.closeReason());
        server.finish();
    }
}
