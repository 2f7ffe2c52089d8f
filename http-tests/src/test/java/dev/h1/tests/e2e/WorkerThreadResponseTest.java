package dev.h1.tests.e2e;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerResponse;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * <b>Bug 3</b>: calls from a thread other than the event loop can change a response after {@code end()} or
 * {@code write()}. The handler hands every exchange to one worker thread, which calls the response API the way an
 * application with its own thread pool does. Each scenario runs on {@value #EXCHANGES} fresh exchanges (one
 * keep-alive connection, one request at a time), so that a race between the worker and the event loop shows.
 *
 * <p>Once a call has ended the response ({@code end}, {@code sendFile}) or fixed its head ({@code write},
 * {@code flushHeaders}), a header or status change must fail at once with {@link IllegalStateException} on the
 * calling thread, whatever the event loop has done so far, and must never reach the client. Calls from one thread
 * take effect in their order. And (found with bug 3) {@code write()} on a worker must count the writes the event
 * loop has not run yet, or its false, the only back-pressure a worker gets, comes too late or never.
 */
class WorkerThreadResponseTest {

    private static final int EXCHANGES = 50;
    static final int FLOOD_PIECE = 16 * 1024;
    static final int FLOOD_PIECES = 1024;
    static final int FLOOD_CLIENT_RCVBUF = 64 * 1024;

    private final ServerFixture fixture = new ServerFixture();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> new Thread(task, "e2e-worker"));
    /** What the worker saw when it misused each response: "threw" or what happened instead, per call. */
    private final BlockingQueue<List<String>> outcomes = new LinkedBlockingQueue<>();
    /** How many pieces each {@code /flood} exchange had accepted when {@code write()} first returned false. */
    private final BlockingQueue<Integer> floods = new LinkedBlockingQueue<>();
    private Path file;

    /** Every route runs on the worker thread. */
    private final RequestHandler handler = (req, res) -> worker.execute(() -> {
        switch (req.path()) {
            case "/end-then-change" -> {
                res.end("x");
                outcomes.add(List.of(attempt(() -> res.setHeader("X-Late", "1")),
                        attempt(() -> res.statusCode(500))));
            }
            case "/write-then-change" -> {
                res.write("a");
                outcomes.add(List.of(attempt(() -> res.setHeader("X-Late", "1")),
                        attempt(() -> res.statusCode(500))));
                res.end();
            }
            case "/flush-then-change" -> {
                res.flushHeaders();
                outcomes.add(List.of(attempt(() -> res.setHeader("X-Late", "1"))));
                res.end("x");
            }
            case "/sendfile-then-change" -> {
                res.sendFile(file);
                outcomes.add(List.of(attempt(() -> res.setHeader("X-Late", "1")),
                        attempt(() -> res.end("more"))));
            }
            case "/flood" -> flood(req.channel(), res);
            case "/ordered" -> {
                res.setHeader("X-Order", "1");
                res.statusCode(201);
                res.write("a");
                res.write("b");
                res.end("c");
            }
            default -> res.end("ok");
        }
    });

    @BeforeEach
    void start() throws IOException {
        file = Files.createTempFile("h1-worker", ".txt");
        Files.writeString(file, "x");
        fixture.start(Duration.ofSeconds(1), ServerFixture.connection(), handler);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        worker.shutdownNow();
        assertTrue(worker.awaitTermination(5, SECONDS));
        Files.deleteIfExists(file);
    }

    /**
     * Writes {@value #FLOOD_PIECE}-byte pieces while {@code write()} returns true, at most {@value #FLOOD_PIECES},
     * while the connection's event loop is busy (held by a task until the worker is done), and reports how many
     * pieces were accepted. The event loop, once free, runs the queued writes; the client never reads.
     */
    private void flood(Channel channel, ServerResponse res) {
        CountDownLatch busy = new CountDownLatch(1);
        channel.eventLoop().execute(() -> {
            try {
                busy.await(5, SECONDS); // a busy event loop: other connections' work, a slow handler
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        byte[] piece = new byte[FLOOD_PIECE];
        int accepted = 0;
        try {
            while (accepted < FLOOD_PIECES && res.write(piece)) {
                accepted++;
            }
        } finally {
            busy.countDown();
        }
        floods.add(accepted);
    }

    /** "threw" if {@code call} threw {@link IllegalStateException}, else what happened. */
    private static String attempt(Runnable call) {
        try {
            call.run();
            return "accepted";
        } catch (IllegalStateException expected) {
            return "threw";
        } catch (RuntimeException other) {
            return other.toString();
        }
    }

    /** Bug 3: after {@code end()} on a worker, {@code setHeader} and {@code statusCode} throw and change nothing. */
    @Test
    void changesAfterEndFromAWorkerThrowAndNeverReachTheClient() throws Exception {
        assertMisuseRejected("/end-then-change", "x", List.of("setHeader after end()", "statusCode(500) after end()"));
    }

    /** Bug 3: after {@code write()} on a worker (the head is fixed), {@code setHeader} and {@code statusCode} throw. */
    @Test
    void changesAfterWriteFromAWorkerThrowAndNeverReachTheClient() throws Exception {
        assertMisuseRejected("/write-then-change", "a", List.of("setHeader after write()",
                "statusCode(500) after write()"));
    }

    /** Bug 3: after {@code flushHeaders()} on a worker, the head is sent: {@code setHeader} throws. */
    @Test
    void changesAfterFlushHeadersFromAWorkerThrowAndNeverReachTheClient() throws Exception {
        assertMisuseRejected("/flush-then-change", "x", List.of("setHeader after flushHeaders()"));
    }

    /** Bug 3: {@code sendFile} ends the response; after it, on a worker, {@code setHeader} and {@code end} throw. */
    @Test
    void changesAfterSendFileFromAWorkerThrowAndNeverReachTheClient() throws Exception {
        assertMisuseRejected("/sendfile-then-change", "x", List.of("setHeader after sendFile()",
                "end(data) after sendFile()"));
    }

    /**
     * Found with bug 3: {@code write()} on a worker returns {@code channel.isWritable()} as it is when called, which
     * ignores the writes still on their way to the event loop, so a worker that honours {@code write()}'s false can
     * still queue without limit. What a worker may have written before {@code write()} returns false is bounded by
     * where it can go: the kernel (the server's send buffer at its largest, {@code net.ipv4.tcp_wmem}'s maximum, and
     * the client's {@value #FLOOD_CLIENT_RCVBUF}-byte receive buffer, both doubled by Linux at most) and the high
     * water mark, plus the piece that crossed it. Today every one of the {@value #FLOOD_PIECES} pieces (16 MiB) is
     * accepted.
     */
    @Test
    void writeFromAWorkerReturnsFalseOnceTheQueuedBytesPassTheHighWaterMark() throws Exception {
        long bound = 2L * FLOOD_CLIENT_RCVBUF + kernelSendBufferMax() + ConnectionConfig.DEFAULT_HIGH_WATER_MARK
                + FLOOD_PIECE;
        try (RawConnection raw = RawConnection.open(fixture.address(), FLOOD_CLIENT_RCVBUF, 0)) {
            raw.send("GET /flood HTTP/1.1\r\nHost: a\r\n\r\n");
            Integer accepted = floods.poll(10, SECONDS);
            assertNotNull(accepted, "the worker did not report within 10 s");
            long bytes = (long) accepted * FLOOD_PIECE;
            assertTrue(bytes <= bound, "write() returned true for " + accepted + " pieces (" + bytes + " bytes, bound "
                    + bound + ")" + (accepted == FLOOD_PIECES ? " and never returned false" : ""));
            raw.reset();
        }
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

    /** Bug 3: calls from one worker take effect in their order: the header and status set before the body go out. */
    @Test
    void callsFromOneWorkerTakeEffectInTheirOrder() throws Exception {
        List<String> problems = new ArrayList<>();
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            for (int i = 0; i < EXCHANGES; i++) {
                RawResponse response = raw.send("GET /ordered HTTP/1.1\r\nHost: a\r\n\r\n").read();
                if (response.status() != 201 || !"1".equals(response.header("X-Order"))
                        || !response.text().equals("abc")) {
                    problems.add("exchange " + i + ": " + response);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * Runs {@code path} {@value #EXCHANGES} times; the client must get 200, {@code body} and no {@code X-Late} every
     * time, and each misuse (named by {@code calls}, in the order the route makes them) must have thrown every time.
     */
    private void assertMisuseRejected(String path, String body, List<String> calls) throws Exception {
        int[] accepted = new int[calls.size()];
        int lateHeaders = 0;
        int wrongStatus = 0;
        int wrongBody = 0;
        List<String> examples = new ArrayList<>();
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            for (int i = 0; i < EXCHANGES; i++) {
                RawResponse response = raw.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").read();
                List<String> outcome = outcomes.poll(5, SECONDS);
                assertNotNull(outcome, "exchange " + i + " did not report from the worker within 5 s");
                for (int call = 0; call < calls.size(); call++) {
                    if (!outcome.get(call).equals("threw")) {
                        accepted[call]++;
                    }
                }
                lateHeaders += response.header("X-Late") != null ? 1 : 0;
                wrongStatus += response.status() != 200 ? 1 : 0;
                wrongBody += response.text().equals(body) ? 0 : 1;
                if (examples.isEmpty() && (!outcome.stream().allMatch("threw"::equals) || response.status() != 200
                        || response.header("X-Late") != null || !response.text().equals(body))) {
                    examples.add("exchange " + i + ": worker " + outcome + ", client " + response);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (int call = 0; call < calls.size(); call++) {
            if (accepted[call] > 0) {
                problems.add(calls.get(call) + " did not throw in " + accepted[call] + " of " + EXCHANGES
                        + " exchanges");
            }
        }
        if (lateHeaders > 0) {
            problems.add("the client received X-Late in " + lateHeaders);
        }
        if (wrongStatus > 0) {
            problems.add("the client received a status other than 200 in " + wrongStatus);
        }
        if (wrongBody > 0) {
            problems.add("the client received a body other than \"" + body + "\" in " + wrongBody);
        }
        assertTrue(problems.isEmpty(), String.join("; ", problems) + "; first: " + examples);
    }
}
