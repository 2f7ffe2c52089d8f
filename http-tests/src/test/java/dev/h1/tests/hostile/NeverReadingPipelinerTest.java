package dev.h1.tests.hostile;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.RequestHandler;
import dev.h1.tests.e2e.RawConnection;
import dev.h1.tests.e2e.RawResponse;
import dev.h1.tests.e2e.ServerFixture;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that pipelines {@value #REQUESTS} requests and reads nothing, against an {@code HttpServer} with its
 * default configuration: the work the server takes on (requests handled, responses held) stays under a small bound,
 * and once the client reads, every response arrives in order on the same connection. It guards the fix of bug 6 of
 * the server core: a connection that read on while it could not write grew with what the client sent.
 *
 * <p>The server's kernel buffers cannot be fixed through {@code HttpServer}, so the bound allows the largest send
 * buffer the kernel may grow to ({@code net.ipv4.tcp_wmem}'s maximum), and requests and responses are made large
 * ({@value #REQUEST_BYTES} and about {@value #BODY_BYTES} bytes) so that few of them fit.
 */
class NeverReadingPipelinerTest {

    static final int REQUESTS = 2_000;
    static final int REQUEST_BYTES = 4 * 1024;
    static final int BODY_BYTES = 64 * 1024;
    static final int CLIENT_RCVBUF = 64 * 1024;
    static final int CLIENT_SNDBUF = 64 * 1024;
    /** Netty's defaults for an NIO socket: reads of up to 64 KiB (adaptive allocator), 16 reads per batch. */
    static final int READ_BATCH_BYTES = 16 * 64 * 1024;
    static final Duration PLATEAU = Duration.ofSeconds(2);
    private static final byte[] BODY = new byte[BODY_BYTES];

    static {
        Arrays.fill(BODY, (byte) 'r');
    }

    private final ServerFixture fixture = new ServerFixture();
    private final AtomicInteger handled = new AtomicInteger();
    private final Semaphore progress = new Semaphore(0);
    private final ExecutorService writers = Executors.newSingleThreadExecutor(task -> new Thread(task, "e2e-writer"));

    /** Every request is answered {@value #BODY_BYTES} bytes, tagged with its path; {@code GET /}: {@code ok}. */
    private final RequestHandler handler = (req, res) -> {
        handled.incrementAndGet();
        progress.release();
        if (req.path().equals("/")) {
            res.end("ok");
            return;
        }
        res.setHeader("X-Tag", req.path());
        res.end(Unpooled.wrappedBuffer(BODY)); // shares the array: no copy per response
    };

    @AfterEach
    void stop() throws Exception {
        writers.shutdownNow();
        fixture.close();
        assertTrue(writers.awaitTermination(5, SECONDS), "the writer did not stop");
    }

    /** The most a loopback socket's send buffer may grow to: {@code net.ipv4.tcp_wmem}'s maximum (4 MiB here). */
    static long kernelSendBufferMax() {
        try {
            String[] fields = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_wmem")).trim().split("\\s+");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return 4L << 20;
        }
    }

    /**
     * How many requests the server may handle while the client reads nothing: the responses that fit in the
     * kernel (the client's receive buffer, doubled by Linux, and the server's send buffer at its largest), in the
     * channel's outbound buffer (the high water mark plus one response), and the requests of one read batch, which
     * may all be handled even if the channel turns unwritable during the batch. About 325 here; a quarter more for
     * what this estimate may miss makes about 405, five times fewer than {@value #REQUESTS}.
     */
    static long bound() {
        long response = BODY_BYTES + 40;
        return ((2L * CLIENT_RCVBUF + kernelSendBufferMax()) / response + 1
                + ConnectionConfig.DEFAULT_HIGH_WATER_MARK / response + 1
                + READ_BATCH_BYTES / REQUEST_BYTES + 1) * 5 / 4;
    }

    static String tag(int i) {
        return String.format("/p/%05d", i);
    }

    static byte[] request(int i) {
        String head = "GET " + tag(i) + " HTTP/1.1\r\nHost: a\r\nX-Pad: ";
        String end = "\r\n\r\n";
        return (head + "p".repeat(REQUEST_BYTES - head.length() - end.length()) + end)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private CompletableFuture<Void> writeAll(OutputStream out, AtomicLong written) {
        return CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < REQUESTS; ) {
                    ByteArrayOutputStream batch = new ByteArrayOutputStream();
                    for (int end = Math.min(REQUESTS, i + 8); i < end; i++) {
                        batch.writeBytes(request(i));
                    }
                    out.write(batch.toByteArray());
                    written.set(i);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("after " + written.get() + " requests", e);
            }
        }, writers);
    }

    /** Waits for a first request, then until none came for {@link #PLATEAU}, or the count reached 4 × the bound. */
    private int awaitPlateau(long bound) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        assertTrue(progress.tryAcquire(10, SECONDS), "no request reached the handler within 10 s");
        while (handled.get() < 4 * bound && System.nanoTime() < deadline) {
            if (!progress.tryAcquire(PLATEAU.toMillis(), MILLISECONDS)) {
                break;
            }
            progress.drainPermits();
        }
        return handled.get();
    }

    @Test
    void aPipelinerThatNeverReadsHoldsBoundedWorkAndGetsEveryResponseInOrderOnceItReads() throws Exception {
        fixture.start(Duration.ofSeconds(1), ServerFixture.connection(), handler);
        long bound = bound();
        try (RawConnection raw = RawConnection.open(fixture.address(), CLIENT_RCVBUF, 0)) {
            raw.socket().setSendBufferSize(CLIENT_SNDBUF);
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writer = writeAll(raw.output(), written);

            int plateau = awaitPlateau(bound);
            assertEquals(1, fixture.server().connectionCount());
            assertTrue(plateau <= bound, "the server handled " + plateau + " requests (bound " + bound + ") while"
                    + " the client read nothing" + (plateau >= 4 * bound ? ", and was still going" : "")
                    + "; the client wrote " + written.get() + " of " + REQUESTS);

            for (int i = 0; i < REQUESTS; i++) {
                RawResponse response = raw.read();
                assertEquals(tag(i), response.header("X-Tag"), "response " + i);
                assertArrayEquals(BODY, response.body(), "response " + i);
            }
            writer.get(10, SECONDS);
            assertEquals("ok", raw.send(Survival.NORMAL_REQUEST).read().text());
        }
        Survival.assertServesANewConnection(fixture.address());
    }
}
