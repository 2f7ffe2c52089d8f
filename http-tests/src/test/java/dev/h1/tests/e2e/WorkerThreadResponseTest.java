package dev.h1.tests.e2e;

import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerResponse;
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
 * take effect in their order.
 */
class WorkerThreadResponseTest {

    private static final int EXCHANGES = 50;

    private final ServerFixture fixture = new ServerFixture();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> new Thread(task, "e2e-worker"));
    /** What the worker saw when it misused each response: "threw" or what happened instead, per call. */
    private final BlockingQueue<List<String>> outcomes = new LinkedBlockingQueue<>();
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
