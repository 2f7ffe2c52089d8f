package dev.h1.tests.e2e;

import dev.h1.server.api.CloseReason;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.RequestHandler;
import dev.h1.tests.e2e.Observations.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static dev.h1.tests.e2e.ServerFixture.CONNECTION_HEADER;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The idle, keep-alive and headers timeouts on real connections, each set to {@value #TIMEOUT_MILLIS} ms. The tests
 * wait for the event (a notification, the server's close, EOF on the socket), bounded by 5 s; they never sleep.
 */
@ExtendWith(Observations.class)
class TimeoutsTest {

    private static final long TIMEOUT_MILLIS = 300;
    private static final Duration TIMEOUT = Duration.ofMillis(TIMEOUT_MILLIS);
    private static final RequestHandler HELLO = (req, res) -> res.end("hello");

    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Only the idle timeout: keep-alive off, so that it is the idle timer that ends a quiet connection. */
    private static ConnectionConfig.Builder idleOnly() {
        return ServerFixture.connection().idleTimeout(TIMEOUT).keepAliveTimeout(Duration.ZERO);
    }

    @Test
    void idleTimeoutNotifiesTheHandlerWhichClosesTheConnection() throws Exception {
        CompletableFuture<Integer> notified = new CompletableFuture<>();
        fixture.start(idleOnly().timeoutHandler(connection -> {
            notified.complete(fixture.connections.idOf(connection));
            connection.close();
        }), fixture.tagged(HELLO));

        try (RawConnection raw = RawConnection.open(fixture.address())) {
            assertEquals(200, raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().status());
            assertEquals(1, notified.get(5, SECONDS));
            raw.awaitClose();
        }
        assertEquals(CloseReason.APPLICATION_CLOSED, fixture.connections.awaitClose(1));
        Observations.record(Scenario.IDLE_TIMEOUT, Client.RAW, "200; handler notified, closes; closed");
    }

    @Test
    void idleTimeoutWithoutHandlerClosesTheConnection() throws Exception {
        fixture.start(idleOnly(), fixture.tagged(HELLO));

        try (RawConnection raw = RawConnection.open(fixture.address())) {
            assertEquals(200, raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().status());
            raw.awaitClose();
        }
        assertEquals(CloseReason.IDLE_TIMEOUT, fixture.connections.awaitClose(1));
    }

    @Test
    void clientsOpenANewConnectionAfterAnIdleTimeout() throws Exception {
        fixture.start(idleOnly(), fixture.tagged(HELLO));

        HttpClient jdk = Jdk.client();
        assertEquals("1", Jdk.get(jdk, fixture.uri("/")).headers().firstValue(CONNECTION_HEADER).orElseThrow());
        assertEquals(CloseReason.IDLE_TIMEOUT, fixture.connections.awaitClose(1));
        HttpResponse<String> after = Jdk.get(jdk, fixture.uri("/"));
        assertEquals(200, after.statusCode());
        assertEquals("2", after.headers().firstValue(CONNECTION_HEADER).orElseThrow());
        Observations.record(Scenario.IDLE_TIMEOUT, Client.JDK, "200; after the close, next request on a new"
                + " connection, 200");

        try (NettyClient client = new NettyClient()) {
            NettyClient.Connection connection = client.connect(fixture.address());
            assertEquals(200, connection.send(NettyClient.get("/")).next().status());
            assertTrue(connection.awaitClosed(), "closed by the server's idle timeout");
        }
        Observations.record(Scenario.IDLE_TIMEOUT, Client.NETTY, "200; channel closed by the server");
        Observations.notApplicable(Scenario.IDLE_TIMEOUT, Client.CURL, "cannot pause between transfers");
    }

    @Test
    void keepAliveTimeoutClosesAConnectionIdleBetweenRequests() throws Exception {
        fixture.start(ServerFixture.connection().keepAliveTimeout(TIMEOUT), fixture.tagged(HELLO));

        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse response = raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertEquals(200, response.status());
            assertNull(response.header("Connection"));
            raw.awaitClose();
        }
        assertEquals(CloseReason.KEEP_ALIVE_TIMEOUT, fixture.connections.awaitClose(1));
        Observations.record(Scenario.KEEP_ALIVE_TIMEOUT, Client.RAW, "200 without `Connection: close`, then closed");

        HttpClient jdk = Jdk.client();
        assertEquals("2", Jdk.get(jdk, fixture.uri("/")).headers().firstValue(CONNECTION_HEADER).orElseThrow());
        assertEquals(CloseReason.KEEP_ALIVE_TIMEOUT, fixture.connections.awaitClose(2));
        HttpResponse<String> after = Jdk.get(jdk, fixture.uri("/"));
        assertEquals(200, after.statusCode());
        assertEquals("3", after.headers().firstValue(CONNECTION_HEADER).orElseThrow());
        Observations.record(Scenario.KEEP_ALIVE_TIMEOUT, Client.JDK, "200; after the close, next request on a new"
                + " connection, 200");

        try (NettyClient client = new NettyClient()) {
            NettyClient.Connection connection = client.connect(fixture.address());
            assertEquals(200, connection.send(NettyClient.get("/")).next().status());
            assertTrue(connection.awaitClosed());
        }
        assertEquals(CloseReason.KEEP_ALIVE_TIMEOUT, fixture.connections.awaitClose(4));
        Observations.record(Scenario.KEEP_ALIVE_TIMEOUT, Client.NETTY, "200; channel closed by the server");
        Observations.notApplicable(Scenario.KEEP_ALIVE_TIMEOUT, Client.CURL, "cannot pause between transfers");
    }

    @Test
    void headersTimeoutAnswers408AndCloses() throws Exception {
        fixture.start(ServerFixture.connection().headersTimeout(TIMEOUT), fixture.tagged(HELLO));

        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse response = raw.send("GET / HTTP/1.1\r\nHost: a\r\n").read(); // no empty line

            assertEquals(408, response.status());
            assertEquals("close", response.header("Connection"));
            raw.awaitClose();
        }
        assertEquals(CloseReason.HEADERS_TIMEOUT, fixture.connections.awaitClose(1));
        Observations.record(Scenario.HEADERS_TIMEOUT, Client.RAW, "408 with `Connection: close`, then closed");
        for (Client client : new Client[] {Client.JDK, Client.NETTY, Client.CURL}) {
            Observations.notApplicable(Scenario.HEADERS_TIMEOUT, client, "always sends whole heads");
        }
    }
}
