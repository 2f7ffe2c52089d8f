package dev.h1.tests.e2e;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.RequestHandler;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * <b>Bug 6</b>: a client that pipelines requests and never reads grows the server's memory without limit. The
 * connection must stop reading while its channel is not writable, so that what it holds is bounded by the water
 * marks plus one read, and still deliver every queued response, in order, to a client that reads later, however
 * slowly.
 *
 * <p>The server is h1 through the drop-in initializer on the test's own bootstrap ({@link DropInServer}), so that
 * every buffer between the handler and the client has a fixed size:
 * <ul>
 *   <li>the accepted socket: {@code SO_SNDBUF} {@value #SERVER_SNDBUF}, {@code SO_RCVBUF} {@value #SERVER_RCVBUF};</li>
 *   <li>socket reads of {@value #READ_BYTES} bytes, Netty's default of {@link DropInServer#READS_PER_BATCH} per read
 *       batch;</li>
 *   <li>write-buffer water marks {@value #LOW} / {@value #HIGH};</li>
 *   <li>the client: {@code SO_RCVBUF} {@value #CLIENT_RCVBUF} (set before connecting) and {@code SO_SNDBUF}
 *       {@value #CLIENT_SNDBUF}.</li>
 * </ul>
 * Every request carries a tag in its path ({@code /1000/000042}); its response names it in {@code X-Tag}, so order
 * shows. Request
 * and response sizes are chosen so that few fit in those buffers: the bound is then small next to a request count
 * that a loaded 2-core machine serves in seconds under paranoid leak detection (about 1 ms per request).
 */
class PipelinedBackPressureTest {

    static final int SERVER_SNDBUF = 8 * 1024;
    static final int SERVER_RCVBUF = 8 * 1024;
    static final int READ_BYTES = 4 * 1024;
    static final int LOW = 8 * 1024;
    static final int HIGH = 16 * 1024;
    static final int CLIENT_RCVBUF = 8 * 1024;
    static final int CLIENT_SNDBUF = 8 * 1024;

    /** Requests the never-reading client writes: bounded, and 18 times {@link #BOUND}. */
    static final int REQUESTS = 4_000;
    /** Each request is padded to this length with an {@code X-Pad} field. */
    static final int REQUEST_BYTES = 512;
    /** The response body (the request's tag is in {@code X-Tag}). */
    static final int BODY_BYTES = 1_000;
    static final byte[] BODY = new byte[BODY_BYTES];
    /**
     * The least any server can send for one response: status line (17), {@code Content-Length: 1000} (22), the empty
     * line (2) and the body. X-Tag, Keep-Alive and Date come on top, which only lowers the count.
     */
    static final int RESPONSE_MIN_BYTES = 40 + BODY_BYTES;

    /**
     * How many requests the handler may have seen while the client reads nothing. Every response it produced is
     * held somewhere on the way, and so is bounded by the room there:
     * <ul>
     *   <li>the kernel: the client's receive buffer and the server's send buffer. Linux doubles {@code SO_RCVBUF}
     *       and {@code SO_SNDBUF} for its bookkeeping, so together they hold at most
     *       2 × ({@value #CLIENT_RCVBUF} + {@value #SERVER_SNDBUF}) bytes of responses: 31, rounded up to 32;</li>
     *   <li>the channel's outbound buffer: up to the high water mark ({@value #HIGH}), plus the response that
     *       crossed it: 16;</li>
     *   <li>one read: the requests that one read batch brought in ({@link DropInServer#READS_PER_BATCH} reads of
     *       {@value #READ_BYTES} bytes) may all be handled even if the connection turns unwritable during the batch:
     *       128, and one more.</li>
     * </ul>
     * That is 177 requests; a quarter more for what this estimate may miss makes 221, against {@value #REQUESTS}
     * written. Today's server reads on regardless and handles all.
     */
    static final int BOUND = (2 * (CLIENT_RCVBUF + SERVER_SNDBUF) / RESPONSE_MIN_BYTES + 1
            + HIGH / RESPONSE_MIN_BYTES + 1
            + DropInServer.READS_PER_BATCH * READ_BYTES / REQUEST_BYTES + 1) * 5 / 4;

    /**
     * Requests of the slow reader, each answered with {@value #SLOW_BODY_BYTES} bytes: 16 MB in all. A thousand
     * requests with large answers that are cheap to produce (a shared body), because producing one costs the server
     * CPU (milliseconds on a loaded machine with paranoid leak detection) while reading it costs the client time:
     * today's server then finishes producing long before the client finishes reading, and its keep-alive timer fires
     * in between.
     */
    static final int SLOW_REQUESTS = 1_000;
    static final int SLOW_BODY_BYTES = 16 * 1024;
    static final byte[] SLOW_BODY = new byte[SLOW_BODY_BYTES];
    /** The slow reader's pace: the 16 MB take 8 s, eight keep-alive timeouts. */
    static final long SLOW_RATE = 2_000_000;

    /** How long the handler count must stay still to count as a plateau (generous: the machine may be loaded). */
    static final Duration PLATEAU = Duration.ofSeconds(2);

    private final ConnectionLog connections = new ConnectionLog();
    private final HandledRequests handled = new HandledRequests();
    private final ExecutorService writers = Executors.newSingleThreadExecutor(task -> new Thread(task, "e2e-writer"));
    private DropInServer.Running server;

    /**
     * Answers {@code /<size>/<tag>} with {@code size} bytes and the path in {@code X-Tag}. The body is one shared
     * array, wrapped without a copy, so that producing an answer costs the server little.
     */
    private final RequestHandler handler = (req, res) -> {
        handled.handled();
        String path = req.path();
        res.setHeader("X-Tag", path);
        res.end(Unpooled.wrappedBuffer(path.startsWith("/" + SLOW_BODY_BYTES + "/") ? SLOW_BODY : BODY));
    };

    @AfterEach
    void stop() throws Exception {
        writers.shutdownNow();
        if (server != null) {
            server.close();
        }
        assertTrue(writers.awaitTermination(5, SECONDS), "the writer thread did not end");
    }

    /** The path of request {@code tag} whose response has {@code size} bytes. */
    static String path(int size, int tag) {
        return String.format("/%d/%06d", size, tag);
    }

    /**
     * A GET of {@code path}, padded to {@value #REQUEST_BYTES} bytes with an X-Pad field. Padding also keeps a read
     * batch small in requests: today's server flushes the answers of a read batch only when the batch ends.
     */
    static byte[] request(String path) {
        String head = "GET " + path + " HTTP/1.1\r\nHost: a\r\nX-Pad: ";
        String end = "\r\n\r\n";
        return (head + "p".repeat(REQUEST_BYTES - head.length() - end.length()) + end)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private InetSocketAddress start(ConnectionConfig.Builder config) throws InterruptedException {
        server = new DropInServer(SERVER_SNDBUF, SERVER_RCVBUF, READ_BYTES, null)
                .start(config.writeBufferWaterMarks(LOW, HIGH).connectionListener(connections).build(), handler);
        return server.address();
    }

    /** A client with small fixed kernel buffers, reading at {@code readBytesPerSecond} (0: at once). */
    private RawConnection client(InetSocketAddress address, long readBytesPerSecond) throws IOException {
        RawConnection raw = RawConnection.open(address, CLIENT_RCVBUF, readBytesPerSecond);
        raw.socket().setSendBufferSize(CLIENT_SNDBUF);
        return raw;
    }

    /**
     * Writes the requests for tags {@code 0 .. count-1} on a writer thread, 16 per write, counting them in
     * {@code written}; the stage completes when all are sent.
     */
    private CompletableFuture<Void> writeInBackground(OutputStream out, int size, int count, AtomicLong written) {
        return CompletableFuture.runAsync(() -> {
            try {
                for (int tag = 0; tag < count; ) {
                    ByteArrayOutputStream batch = new ByteArrayOutputStream();
                    int end = Math.min(count, tag + 16);
                    for (; tag < end; tag++) {
                        batch.writeBytes(request(path(size, tag)));
                    }
                    out.write(batch.toByteArray());
                    written.set(end);
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("after " + written.get() + " requests", e);
            }
        }, writers);
    }

    /**
     * Bug 6: {@value #REQUESTS} pipelined requests from a client that reads nothing. The handler count plateaus under
     * {@link #BOUND} and the client is held back; then the client reads every response, in order, and the connection
     * still serves a request.
     */
    @Test
    void aPipeliningClientThatDoesNotReadHoldsBoundedWorkOnTheServer() throws Exception {
        InetSocketAddress address = start(ServerFixture.connection());
        try (RawConnection raw = client(address, 0)) {
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writer = writeInBackground(raw.output(), BODY_BYTES, REQUESTS, written);

            int plateau = handled.awaitPlateau(PLATEAU, 4 * BOUND); // four times the bound: clearly unbounded
            assertTrue(plateau <= BOUND, "the server handled " + plateau + " requests (bound " + BOUND + ") while the"
                    + " client read nothing" + (plateau >= 4 * BOUND ? ", and was still going" : "") + "; the client"
                    + " wrote " + written.get() + " of " + REQUESTS);
            assertTrue(written.get() < REQUESTS, "the client wrote all " + REQUESTS + " requests: the server never"
                    + " stopped reading");

            for (int tag = 0; tag < REQUESTS; tag++) {
                assertResponse(raw, BODY_BYTES, tag);
            }
            writer.get(10, SECONDS);
            assertEquals(200, raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().status());
        }
        assertEquals(REQUESTS + 1, handled.count());
    }

    /**
     * Bug 6 (and 1): {@value #SLOW_REQUESTS} pipelined requests whose responses are read at {@value #SLOW_RATE}
     * bytes/s (8 s), with a 1 s keep-alive timeout: every response arrives in order, the keep-alive timer does not
     * cut the connection while responses are pending, and the connection then serves one more request.
     */
    @Test
    void pipelinedResponsesReadSlowlyAllArriveDespiteTheKeepAliveTimeout() throws Exception {
        InetSocketAddress address = start(ServerFixture.connection().keepAliveTimeout(Duration.ofSeconds(1)));
        try (RawConnection raw = client(address, SLOW_RATE)) {
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writer = writeInBackground(raw.output(), SLOW_BODY_BYTES, SLOW_REQUESTS,
                    written);
            long start = System.nanoTime();
            for (int tag = 0; tag < SLOW_REQUESTS; tag++) {
                assertResponse(raw, SLOW_BODY_BYTES, tag);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 3_000, "reading took only " + millis + " ms: too fast to test the keep-alive timer");
            writer.get(10, SECONDS);
            assertEquals(200, raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().status());
        }
    }

    private void assertResponse(RawConnection raw, int size, int tag) {
        RawResponse response;
        try {
            response = raw.read();
        } catch (IOException e) {
            throw new AssertionError("response " + tag + " did not arrive (" + e + "); the handler saw "
                    + handled.count() + " requests; the server closed the connection: " + closeReason(), e);
        }
        if (response.status() != 200 || response.body().length != size
                || !path(size, tag).equals(response.header("X-Tag"))) {
            fail("response " + tag + " out of order or wrong: " + response);
        }
    }

    /** Why the server closed the connection (waiting up to 5 s for its close to be reported), for failure messages. */
    private String closeReason() {
        try {
            return String.valueOf(connections.awaitClose(1));
        } catch (Exception e) {
            return "not within 5 s (" + e + ")";
        }
    }
}
