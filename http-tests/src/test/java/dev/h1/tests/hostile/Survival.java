package dev.h1.tests.hostile;

import dev.h1.server.HttpServer;
import dev.h1.tests.e2e.ConnectionLog;
import dev.h1.tests.e2e.RawConnection;
import dev.h1.tests.e2e.RawResponse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every hostile test checks once the attack is over: the server still serves a well-behaved client on a new
 * connection, and it lets go of the attacker's connections.
 */
final class Survival {

    /** The normal request: every hostile test's handler answers {@code GET /} with 200 {@code ok}. */
    static final String NORMAL_REQUEST = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";

    private Survival() {
    }

    /** A normal request on a new connection gets 200 {@code ok}. */
    static void assertServesANewConnection(InetSocketAddress address) throws IOException {
        try (RawConnection raw = RawConnection.open(address)) {
            RawResponse response = raw.send(NORMAL_REQUEST).read();
            assertEquals(200, response.status(), "a normal request after the attack: " + response);
            assertEquals("ok", response.text());
        }
    }

    /**
     * Every connection {@code log} saw has closed within {@code timeout} (waiting on their close notifications), and
     * the server counts none.
     */
    static void assertAllConnectionsClosed(HttpServer server, ConnectionLog log, Duration timeout)
            throws InterruptedException {
        log.awaitAllClosed(timeout);
        // The count and the notifications are updated one after the other on the event loop: allow a moment.
        long deadline = System.nanoTime() + SECONDS.toNanos(1);
        while (server.connectionCount() != 0 && System.nanoTime() < deadline) {
            Thread.yield();
        }
        assertEquals(0, server.connectionCount(), "HttpServer.connectionCount() once every close was reported");
    }
}
