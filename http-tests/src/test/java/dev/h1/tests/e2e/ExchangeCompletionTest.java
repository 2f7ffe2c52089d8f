package dev.h1.tests.e2e;

import dev.h1.server.api.CloseReason;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import dev.h1.tests.e2e.Observations.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The completion stages of an exchange as real clients end it: {@code finished()} and {@code closed()} after a normal
 * response, and the aborted notification ({@code closed()} with {@code isAborted()}) when the client goes away in the
 * middle of a response.
 */
@ExtendWith(Observations.class)
class ExchangeCompletionTest {

    private final ServerFixture fixture = new ServerFixture();
    /** Every exchange the handler saw, in order. */
    private final BlockingQueue<Exchange> exchanges = new LinkedBlockingQueue<>();

    /** {@code /done} ends at once; {@code /slow} sends its head and a first chunk and never ends by itself. */
    private final RequestHandler handler = (req, res) -> {
        exchanges.add(new Exchange(req, res));
        if (req.path().equals("/slow")) {
            res.write("first piece");
        } else {
            res.end("done");
        }
    };

    record Exchange(ServerRequest request, ServerResponse response) {
    }

    @BeforeEach
    void start() {
        // a short grace period: a test that fails with an exchange still open must not hold close() for 10 s
        fixture.start(Duration.ofSeconds(1), ServerFixture.connection(), handler);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Exchange next() throws InterruptedException {
        Exchange exchange = exchanges.poll(5, SECONDS);
        assertNotNull(exchange, "no request reached the handler within 5 s");
        return exchange;
    }

    private void assertCompletedNormally(Client client) throws Exception {
        Exchange exchange = next();
        exchange.response().finished().toCompletableFuture().get(5, SECONDS);
        exchange.response().closed().toCompletableFuture().get(5, SECONDS);
        exchange.request().closed().toCompletableFuture().get(5, SECONDS);
        assertFalse(exchange.response().isAborted());
        assertFalse(exchange.request().isAborted());
        Observations.record(Scenario.COMPLETION, client, "`finished()`, `closed()` complete; not aborted");
    }

    /**
     * The client has gone away in the middle of {@code exchange}'s response: the test keeps the response writing (a
     * piece, then a bounded wait for {@code closed()}, at most 50 times) until the server notices, as a streaming
     * handler would.
     */
    private void assertAbortedByTheNextWrites(Exchange exchange, Client client, String how) throws Exception {
        CompletableFuture<Void> closed = exchange.response().closed().toCompletableFuture();
        for (int i = 0; i < 50 && !closed.isDone(); i++) {
            exchange.response().write("more ".repeat(1000));
            try {
                closed.get(100, MILLISECONDS);
            } catch (TimeoutException notYet) {
                // the write that fails may be the next one (a FIN lets one more write through)
            }
        }
        closed.get(5, SECONDS);
        assertAbortedState(exchange);
        Observations.record(Scenario.ABORT, client, how + ": noticed at the next write; `closed()` completes,"
                + " `isAborted()`");
    }

    /** SERVER.md: request and response say they were aborted, their {@code closed()} stages complete. */
    private void assertAbortedState(Exchange exchange) throws Exception {
        exchange.request().closed().toCompletableFuture().get(5, SECONDS);
        assertTrue(exchange.response().isAborted());
        assertTrue(exchange.request().isAborted(), "ServerRequest.isAborted: the client went away before the"
                + " exchange completed");
        ExecutionException notWritten = assertThrows(ExecutionException.class,
                () -> exchange.response().finished().toCompletableFuture().get(5, SECONDS));
        assertEquals("connection closed before the response ended", notWritten.getCause().getMessage());
        assertEquals(CloseReason.CLIENT_ABORTED, fixture.connections.awaitClose(fixture.connections.opened()));
    }

    @Test
    void everyClientSeesANormalExchangeFinishAndClose() throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            assertEquals("done", raw.send("GET /done HTTP/1.1\r\nHost: a\r\n\r\n").read().text());
            assertCompletedNormally(Client.RAW);
        }
        assertEquals("done", Jdk.get(Jdk.client(), fixture.uri("/done")).body());
        assertCompletedNormally(Client.JDK);
        assertEquals("done", Curl.run(fixture.uri("/done").toString()).single().output());
        assertCompletedNormally(Client.CURL);
        try (NettyClient client = new NettyClient()) {
            assertEquals("done", client.connect(fixture.address()).send(NettyClient.get("/done")).next().text());
            assertCompletedNormally(Client.NETTY);
        }
    }

    @Test
    void rawClientClosingWhileTheResponseIsIdleAbortsTheExchange() throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            raw.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(200, raw.readHead().status());
        }
        Exchange exchange = next();
        exchange.response().closed().toCompletableFuture().get(5, SECONDS);
        assertAbortedState(exchange);
        Observations.record(Scenario.ABORT, Client.RAW, "FIN while the response is idle: `closed()` completes,"
                + " `isAborted()`");
    }

    @Test
    void theRequestIsAbortedTooWhenTheClientDisconnectsMidResponse() throws Exception {
        RawConnection raw = RawConnection.open(fixture.address());
        raw.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(200, raw.readHead().status());
        raw.reset();
        assertAbortedByTheNextWrites(next(), Client.RAW, "RST after the head");
    }

    @Test
    void rawClientClosingMidResponseAbortsTheExchange() throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            raw.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(200, raw.readHead().status());
            assertEquals("b", raw.line()); // the chunk size of "first piece"
            assertEquals("first piece", raw.line());
        }
        assertAbortedByTheNextWrites(next(), Client.RAW, "FIN after the 1st chunk");
    }

    @Test
    void rawClientResettingMidResponseAbortsTheExchange() throws Exception {
        RawConnection raw = RawConnection.open(fixture.address());
        raw.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(200, raw.readHead().status());
        raw.reset();
        assertAbortedByTheNextWrites(next(), Client.RAW, "RST after the head");
    }

    @Test
    void jdkClientClosingTheBodyStreamAbortsTheExchange() throws Exception {
        HttpResponse<InputStream> response = Jdk.client().send(Jdk.request(fixture.uri("/slow")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertEquals('f', body.read());
        }
        assertAbortedByTheNextWrites(next(), Client.JDK, "body stream closed after the 1st byte");
    }

    @Test
    void nettyClientClosingTheChannelAbortsTheExchange() throws Exception {
        try (NettyClient client = new NettyClient()) {
            NettyClient.Connection connection = client.connect(fixture.address());
            connection.send(NettyClient.get("/slow"));
            Exchange exchange = next();
            connection.close();
            assertAbortedByTheNextWrites(exchange, Client.NETTY, "channel closed mid-response");
        }
    }

    @Test
    void curlTimingOutMidResponseAbortsTheExchange() throws Exception {
        Curl.Result result = Curl.run("--max-time", "1", fixture.uri("/slow").toString());
        assertEquals(28, result.exitCode(), "curl's exit code for a timeout: " + result);
        assertAbortedByTheNextWrites(next(), Client.CURL, "`--max-time 1` expired mid-body");
    }
}
