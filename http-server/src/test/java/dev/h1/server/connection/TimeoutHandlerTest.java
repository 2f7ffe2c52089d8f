package dev.h1.server.connection;

import dev.h1.server.api.CloseReason;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.pipeline.HttpServerInitializer;
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
import static dev.h1.server.connection.ApiHarness.get;
import static dev.h1.server.connection.ApiHarness.send;
import static dev.h1.server.connection.ApiHarness.wire;
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

    private static void advance(EmbeddedChannel ch, long seconds) {
        ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
    }

    @Test
    void theHandlerIsNotifiedAndTheConnectionStaysOpen() {
        List<HttpConnection> notified = new ArrayList<>();
        EmbeddedChannel ch = channel(idleConfig().timeoutHandler(notified::add).build(), (req, res) -> res.end());

        advance(ch, 29);
        assertEquals(List.of(), notified);
        advance(ch, 1);
        assertEquals(1, notified.size());
        assertSame(ch, notified.get(0).channel());
        assertTrue(ch.isActive(), "the handler decides; it did not close");

        advance(ch, 30);
        assertEquals(2, notified.size(), "still idle: notified again");
        finish(ch);
    }

    @Test
    void trafficPostponesTheTimeout() {
        List<HttpConnection> notified = new ArrayList<>();
        EmbeddedChannel ch = channel(idleConfig().timeoutHandler(notified::add).build(), (req, res) -> res.end());

        advance(ch, 20);
        send(ch, get("/"));
        wire(ch);
        advance(ch, 20);
        assertEquals(List.of(), notified);
        advance(ch, 10);
        assertEquals(1, notified.size());
        finish(ch);
    }

    @Test
    void theHandlerMayCloseTheConnection() {
        EmbeddedChannel ch = channel(idleConfig().timeoutHandler(HttpConnection::close).build(),
                (req, res) -> res.end());

        advance(ch, 30);
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void theCloseReasonOfAHandlerCloseIsApplicationClosed() {
        AtomicReference<HttpConnection> seen = new AtomicReference<>();
        EmbeddedChannel ch = channel(idleConfig().timeoutHandler(connection -> {
            seen.set(connection);
            connection.close();
        }).build(), (req, res) -> res.end());

        advance(ch, 30);
        assertEquals(CloseReason.APPLICATION_CLOSED, seen.get().closeFuture().toCompletableFuture().getNow(null));
        finish(ch);
    }

    @Test
    void withoutAHandlerAnIdleConnectionIsClosed() {
        AtomicReference<HttpConnection> connection = new AtomicReference<>();
        EmbeddedChannel ch = channel(idleConfig().build(), (req, res) -> {
            connection.set(req.connection());
            res.end();
        });
        send(ch, get("/"));
        wire(ch);

        advance(ch, 30);
        assertFalse(ch.isActive());
        assertEquals(CloseReason.IDLE_TIMEOUT, connection.get().closeFuture().toCompletableFuture().getNow(null));
        finish(ch);
    }

    @Test
    void anIdleTimeoutDuringASlowResponseReachesTheHandlerWhichMayEndIt() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        ConnectionConfig config = idleConfig().timeoutHandler(connection -> {
            if (response.get() != null) {
                response.get().statusCode(503).end("gave up");
            }
        }).build();
        EmbeddedChannel ch = channel(config, (req, res) -> response.set(res));
        send(ch, get("/slow"));

        advance(ch, 30);
        assertTrue(wire(ch).startsWith("HTTP/1.1 503 Service Unavailable\r\n"));
        assertTrue(ch.isActive());
        finish(ch);
    }

    @Test
    void noIdleHandlerIsInstalledWhenTheTimeoutIsOff() {
        List<HttpConnection> notified = new ArrayList<>();
        EmbeddedChannel ch = channel(config().idleTimeout(Duration.ZERO).keepAliveTimeout(Duration.ZERO)
                .headersTimeout(Duration.ZERO).requestTimeout(Duration.ZERO).timeoutHandler(notified::add).build(),
                (req, res) -> res.end());

        assertNull(ch.pipeline().get(HttpServerInitializer.IDLE));
        advance(ch, 3600);
        assertEquals(List.of(), notified);
        assertTrue(ch.isActive());
        finish(ch);
    }
}
