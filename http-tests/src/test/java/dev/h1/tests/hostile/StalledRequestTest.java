package dev.h1.tests.hostile;

import dev.h1.codec.Headers;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.RequestHandler;
import dev.h1.tests.e2e.RawConnection;
import dev.h1.tests.e2e.RawResponse;
import dev.h1.tests.e2e.ServerFixture;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that start a request and never finish it: the headers and request deadlines end each one at the deadline
 * ({@value #DEADLINE_MILLIS} ms) with 408 and a close, however the client stalls, and whatever it keeps sending. The
 * 408 must come no earlier than the deadline and within {@value #SLACK_MILLIS} ms after it (generous: the machine may
 * be loaded).
 */
class StalledRequestTest {

    static final long DEADLINE_MILLIS = 1_000;
    static final Duration DEADLINE = Duration.ofMillis(DEADLINE_MILLIS);
    static final long SLACK_MILLIS = 2_500;
    /** The slowloris pace: one byte per 20 ms, so its 300-byte head would take 6 s, far past the deadline. */
    static final long TRICKLE_NANOS = MILLISECONDS.toNanos(20);
    static final String TRICKLED_HEAD = "GET /trickled HTTP/1.1\r\nHost: a\r\nX-Slow: " + "s".repeat(250) + "\r\n\r\n";

    private final ServerFixture fixture = new ServerFixture();
    private final ExecutorService trickler = Executors.newSingleThreadExecutor(task -> new Thread(task, "trickler"));
    private final AtomicBoolean stopTrickling = new AtomicBoolean();
    private final CompletableFuture<String> bodyError = new CompletableFuture<>();

    /** {@code /upload} reads its body; {@code /answer} answers without reading it; others: 200 {@code ok}. */
    private final RequestHandler handler = (req, res) -> {
        switch (req.path()) {
            case "/upload" -> req.body(new BodyListener() {
                @Override
                public void onData(ByteBuf data) {
                }

                @Override
                public void onEnd(Headers trailers) {
                    res.end("uploaded");
                }

                @Override
                public void onError(Throwable cause) {
                    bodyError.complete(cause.toString());
                }
            });
            case "/answer" -> res.end("answered");
            default -> res.end("ok");
        }
    };

    @AfterEach
    void stop() throws Exception {
        stopTrickling.set(true);
        trickler.shutdownNow();
        fixture.close();
        assertTrue(trickler.awaitTermination(5, SECONDS), "the trickler did not stop");
    }

    /**
     * Starts the server and serves one normal request first, so that class loading and JIT warm-up in a fresh JVM do
     * not count against the deadline measured next.
     */
    private void start(ConnectionConfig.Builder connection) throws IOException {
        fixture.start(Duration.ofSeconds(1), connection, handler);
        Survival.assertServesANewConnection(fixture.address());
    }

    /** Writes {@code text} one byte per {@link #TRICKLE_NANOS} until done, stopped, or the server closes. */
    private CompletableFuture<Integer> trickle(OutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return CompletableFuture.supplyAsync(() -> {
            int sent = 0;
            try {
                for (; sent < bytes.length && !stopTrickling.get(); sent++) {
                    out.write(bytes[sent]);
                    out.flush();
                    LockSupport.parkNanos(TRICKLE_NANOS); // the attack itself: a client that trickles
                }
            } catch (IOException closedByTheServer) {
                // expected once the server has answered 408 and closed
            }
            return sent;
        }, trickler);
    }

    /** The 408 with {@code Connection: close} came at the deadline (measured from {@code startNanos}), then a close. */
    private void assert408AtTheDeadline(RawConnection raw, RawResponse response, long startNanos, CloseReason reason)
            throws Exception {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        assertEquals(408, response.status(), response.toString());
        assertEquals("close", response.header("Connection"));
        assertTrue(millis >= DEADLINE_MILLIS - 20, "408 after " + millis + " ms, before the deadline");
        assertTrue(millis <= DEADLINE_MILLIS + SLACK_MILLIS, "408 only after " + millis + " ms");
        raw.awaitClose();
        assertEquals(reason, fixture.connections.awaitClose(fixture.connections.opened()));
    }

    /** Slowloris on a new connection: its headers deadline runs from the open, and trickling does not extend it. */
    @Test
    void aHeadTrickledByteByByteGets408AtTheHeadersDeadline() throws Exception {
        start(ServerFixture.connection().headersTimeout(DEADLINE));
        long start = System.nanoTime();
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            CompletableFuture<Integer> trickled = trickle(raw.output(), TRICKLED_HEAD);
            RawResponse response = raw.read();
            assert408AtTheDeadline(raw, response, start, CloseReason.HEADERS_TIMEOUT);
            stopTrickling.set(true);
            int sent = trickled.get(5, SECONDS);
            assertTrue(sent < TRICKLED_HEAD.length(), "the whole head went out before the 408");
        }
        Survival.assertServesANewConnection(fixture.address());
    }

    /** Slowloris after a first exchange: the next head's deadline runs from its first byte. */
    @Test
    void aKeptAliveConnectionsNextHeadTrickledGets408AtItsDeadline() throws Exception {
        start(ServerFixture.connection().headersTimeout(DEADLINE).keepAliveTimeout(Duration.ofSeconds(10)));
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            assertEquals("ok", raw.send(Survival.NORMAL_REQUEST).read().text());
            long start = System.nanoTime();
            trickle(raw.output(), TRICKLED_HEAD);
            RawResponse response = raw.read();
            assert408AtTheDeadline(raw, response, start, CloseReason.HEADERS_TIMEOUT);
        }
        Survival.assertServesANewConnection(fixture.address());
    }

    /** A Content-Length far larger than the body, which never comes: the request deadline answers 408. */
    @Test
    void aBodyThatNeverComesGets408AtTheRequestDeadline() throws Exception {
        start(ServerFixture.connection().requestTimeout(DEADLINE));
        long start = System.nanoTime();
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            raw.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000000\r\n\r\n" + "b".repeat(10));
            assert408AtTheDeadline(raw, raw.read(), start, CloseReason.REQUEST_TIMEOUT);
        }
        bodyError.get(5, SECONDS);
        Survival.assertServesANewConnection(fixture.address());
    }

    /**
     * {@code Expect: 100-continue}, and the body never follows the 100 the handler's read sent: the request deadline
     * ends it with 408 and a close.
     */
    @Test
    void anExpectContinueClientThatNeverSendsTheBodyGets408AtTheRequestDeadline() throws Exception {
        start(ServerFixture.connection().requestTimeout(DEADLINE));
        long start = System.nanoTime();
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            raw.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
            RawResponse response = raw.readFinal();
            assertEquals(List.of(100), response.interim().stream().map(RawResponse::status).toList());
            assert408AtTheDeadline(raw, response, start, CloseReason.REQUEST_TIMEOUT);
        }
        bodyError.get(5, SECONDS);
        Survival.assertServesANewConnection(fixture.address());
    }

    /**
     * {@code Expect: 100-continue}, answered at once without reading the body: no 100, the answer closes the
     * connection (the body may never come), so nothing waits for the deadline.
     */
    @Test
    void anExpectContinueClientAnsweredWithoutItsBodyIsClosedAtOnce() throws Exception {
        start(ServerFixture.connection().requestTimeout(Duration.ofSeconds(30)));
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            raw.send("POST /answer HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
            RawResponse response = raw.readFinal();
            assertEquals(List.of(), response.interim());
            assertEquals("answered", response.text());
            assertEquals("close", response.header("Connection"));
            raw.awaitClose();
        }
        Survival.assertServesANewConnection(fixture.address());
    }
}
