package dev.h1.server.connection;

import dev.h1.server.api.RequestHandler;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.LocalServer;
import dev.h1.server.testing.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocking handlers: {@code handlerExecutor} runs the request handler on its own threads, {@code req.bodyStream()}
 * reads the body with blocking reads, {@code res.outputStream()} writes the response with blocking writes. On the
 * local transport (a real event-loop thread), and on an {@code EmbeddedChannel} for the fail-fast rules.
 */
class BlockingHandlerTest {

    private LocalServer local;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        local = new LocalServer();
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        local.close();
    }

    private CompletableFuture<String> exchange(RequestHandler handler, String request) throws Exception {
        return local.exchange(config().handlerExecutor(pool).build(), handler, request);
    }

    /** Reads the body with the stream and writes it back upper-cased with the other. */
    private static final RequestHandler UPPER_ECHO = (req, res) -> {
        try (InputStream in = req.bodyStream(); OutputStream out = res.outputStream()) {
            byte[] buffer = new byte[1000];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(new String(buffer, 0, n, StandardCharsets.ISO_8859_1).toUpperCase()
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    };

    @Test
    void theHandlerRunsOnTheExecutorNotTheEventLoop() throws Exception {
        List<String> problems = new CopyOnWriteArrayList<>();
        CompletableFuture<String> received = exchange((req, res) -> {
            if (req.channel().eventLoop().inEventLoop()) {
                problems.add("on the event loop");
            }
            res.end(Thread.currentThread().getName().startsWith("pool-") ? "pool" : "elsewhere");
        }, get("/", "Connection: close"));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", "Connection: close") + "pool",
                received.get(5, TimeUnit.SECONDS));
        assertEquals(List.of(), problems);
    }

    @Test
    void aSmallBodyIsStreamedInAndOutWithAContentLength() throws Exception {
        CompletableFuture<String> received = exchange(UPPER_ECHO,
                "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello");

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", "Connection: close") + "HELLO",
                received.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aLargeChunkedBodyIsStreamedInAndOutChunked() throws Exception {
        String piece = "abcdefghij".repeat(1000); // 10,000 bytes a chunk
        StringBuilder request = new StringBuilder(
                "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 30; i++) {
            request.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
        }
        request.append("0\r\n\r\n");

        Response response = responses(exchange(UPPER_ECHO, request.toString()).get(5, TimeUnit.SECONDS)).get(0);

        assertEquals("chunked", response.field("Transfer-Encoding"));
        assertEquals(piece.toUpperCase().repeat(30), response.body());
    }

    @Test
    void aFailingHandlerOnTheExecutorIsAnswered500() throws Exception {
        CompletableFuture<String> received = exchange((req, res) -> {
            throw new IllegalStateException("boom");
        }, get("/"));

        assertEquals(500, responses(received.get(5, TimeUnit.SECONDS)).get(0).status());
    }

    @Test
    void aRejectedHandlerTaskIsAnswered500() throws Exception {
        pool.shutdown();

        CompletableFuture<String> received = exchange((req, res) -> res.end("never"), get("/"));

        assertEquals(500, responses(received.get(5, TimeUnit.SECONDS)).get(0).status());
    }

    @Test
    void aBodyThatFailsFailsTheRead() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        CompletableFuture<String> received = exchange((req, res) -> {
            try (InputStream in = req.bodyStream()) {
                in.readAllBytes();
                failure.complete(null);
            } catch (IOException e) {
                failure.complete(e);
            }
            res.end();
        }, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n");

        assertInstanceOf(IOException.class, failure.get(5, TimeUnit.SECONDS));
        received.get(5, TimeUnit.SECONDS); // the malformed request closes the connection
    }

    // ---- fail fast on the event loop ----

    @Test
    void aReadThatWouldWaitOnTheEventLoopFailsAtOnce() throws IOException {
        AtomicReference<InputStream> stream = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> stream.set(req.bodyStream()));
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n");

        assertThrows(IllegalStateException.class, () -> stream.get().read());
        stream.get().close();
        server.finish();
    }

    @Test
    void aBodyStreamReadsWhatIsAlreadyThereWithoutBlocking() throws IOException {
        AtomicReference<InputStream> stream = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> stream.set(req.bodyStream()));
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");

        assertEquals("hello", new String(stream.get().readAllBytes(), StandardCharsets.US_ASCII),
                "the whole body and its end are queued: no read has to wait");
        server.finish();
    }

    @Test
    void theBodyStreamPausesReadingWhileItsBufferIsFull() throws IOException {
        AtomicReference<InputStream> stream = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(config().writeBufferWaterMarks(4, 8),
                (req, res) -> stream.set(req.bodyStream()));
        server.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");

        server.send("5\r\nhello\r\n");
        assertTrue(server.isAutoRead(), "5 bytes buffered, under 8");
        server.send("5\r\nworld\r\n");
        assertTrue(!server.isAutoRead(), "10 bytes buffered: the connection stops reading");
        byte[] some = new byte[10];
        assertEquals(5, stream.get().read(some));
        assertEquals(5, stream.get().read(some));
        server.channel().runPendingTasks();
        assertTrue(server.isAutoRead(), "taken down to half: reading resumes");
        server.send("0\r\n\r\n");
        assertEquals(-1, stream.get().read(some));
        server.finish();
    }

    @Test
    void aWriteThatWouldWaitOnTheEventLoopFailsAtOnce() {
        AtomicReference<OutputStream> stream = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(config().writeBufferWaterMarks(8, 16),
                (req, res) -> stream.set(res.outputStream()));
        server.valve();
        server.send(get("/"));

        assertThrows(IllegalStateException.class, () -> stream.get().write(new byte[10_000]));
        server.valve().open();
        server.output();
        server.finish();
    }
}
