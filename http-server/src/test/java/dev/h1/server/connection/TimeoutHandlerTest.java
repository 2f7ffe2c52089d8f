package dev.h1.server.connection;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.pipeline.HttpServerInitializer;
import dev.h1.server.testing.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The idle timeout (Node's {@code server.setTimeout}): no traffic either way for {@code idleTimeout} notifies the
 * {@link dev.h1.server.api.TimeoutHandler}, which decides; without one the connection closes. Time is the embedded
 * channel's frozen clock; nothing sleeps.
 */
class TimeoutHandlerTest {

    /** Idle timeout 30 s; the other deadlines are off so that only the idle timer runs. */
    private static ConnectionConfig.Builder idleConfig() {
        return config().idleTimeout(Duration.ofSeconds(30)).keepAliveTimeout(Duration.ZERO)
                .headersTimeout(Duration.ZERO).requestTimeout(Duration.ZERO);
    }

    @Test
    void theHandlerIsNotifiedAndTheConnectionStaysOpen() {
        List<HttpConnection> notified = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start(idleConfig().timeoutHandler(notified::add),
                (req, res) -> res.end());

        server.advanceSeconds(29);
        assertEquals(List.of(), notified);
        server.advanceSeconds(1);
        assertEquals(1, notified.size());
        assertSame(server.channel(), notified.get(0).channel());
        assertTrue(server.isOpen(), "the handler decides; it did not close");

        server.advanceSeconds(30);
        assertEquals(2, notified.size(), "still idle: notified again");
        server.finish();
    }

    @Test
    void trafficPostponesTheTimeout() {
        List<HttpConnection> notified = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start(idleConfig().timeoutHandler(notified::add),
                (req, res) -> res.end());

        server.advanceSeconds(20);
        server.send(get("/"));
        server.output();
        server.advanceSeconds(20);
        assertEquals(List.of(), notified);
        server.advanceSeconds(10);
        assertEquals(1, notified.size());
        server.finish();
    }

    @Test
    void theHandlerMayCloseTheConnection() {
        EmbeddedServer server = EmbeddedServer.start(idleConfig().timeoutHandler(HttpConnection::close),
                (req, res) -> res.end());

        server.advanceSeconds(30);
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void theCloseReasonOfAHandlerCloseIsApplicationClosed() {
        AtomicReference<HttpConnection> seen = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(idleConfig().timeoutHandler(connection -> {
            seen.set(connection);
            connection.close();
        }), (req, res) -> res.end());

        server.advanceSeconds(30);
        assertEquals(CloseReason.APPLICATION_CLOSED, seen.get().closeFuture().toCompletableFuture().getNow(null));
        server.finish();
    }

    @Test
    void withoutAHandlerAnIdleConnectionIsClosed() {
        AtomicReference<HttpConnection> connection = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(idleConfig(), (req, res) -> {
            connection.set(req.connection());
            res.end();
        });
        server.send(get("/"));
        server.output();

        server.advanceSeconds(30);
        assertFalse(server.isOpen());
        assertEquals(CloseReason.IDLE_TIMEOUT, connection.get().closeFuture().toCompletableFuture().getNow(null));
        server.finish();
    }

    @Test
    void anIdleTimeoutDuringASlowResponseReachesTheHandlerWhichMayEndIt() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        ConnectionConfig.Builder config = idleConfig().timeoutHandler(connection -> {
            if (response.get() != null) {
                response.get().statusCode(503).end("gave up");
            }
        });
        EmbeddedServer server = EmbeddedServer.start(config, (req, res) -> response.set(res));
        server.send(get("/slow"));

        server.advanceSeconds(30);
        assertEquals(head("HTTP/1.1 503 Service Unavailable", "Content-Length: 7") + "gave up", server.output());
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void noIdleHandlerIsInstalledWhenTheTimeoutIsOff() {
        List<HttpConnection> notified = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start(config().idleTimeout(Duration.ZERO).keepAliveTimeout(Duration.ZERO)
                .headersTimeout(Duration.ZERO).requestTimeout(Duration.ZERO).timeoutHandler(notified::add),
                (req, res) -> res.end());

        assertNull(server.channel().pipeline().get(HttpServerInitializer.IDLE));
        server.advanceSeconds(3600);
        assertEquals(List.of(), notified);
        assertTrue(server.isOpen());
        server.finish();
    }
}
