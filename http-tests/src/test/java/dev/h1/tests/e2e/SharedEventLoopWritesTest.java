package dev.h1.tests.e2e;

import dev.h1.server.api.RequestHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two connections on one event loop, one of which does not read: its responses wait in the server's outbound buffer
 * while the other is served. The encoder opens each batch in the event loop's spare buffer when the transport has let
 * go of it (http-codec's {@code SpareBatchBuffer}); a batch still waiting to be written must never be opened again,
 * or the waiting responses would arrive with the other connection's bytes in them. Every body here is distinct and is
 * checked byte for byte.
 */
class SharedEventLoopWritesTest {

    /** Small kernel buffers and water marks, so that the server holds answers back after about a hundred. */
    static final int SOCKET_BUFFER = 8 * 1024;
    static final int LOW = 8 * 1024;
    static final int HIGH = 16 * 1024;
    /** Requests of the connection that does not read at first: bounded, several times what the buffers hold. */
    static final int STALLED_REQUESTS = 2_000;
    /** Requests of the connection served meanwhile, one at a time. */
    static final int SERVED_REQUESTS = 200;
    /** Each body: its path repeated to this length, small enough to be copied into the encoder's batch. */
    static final int BODY_BYTES = 200;
    /** How long no request may reach the handler for the stalled connection to count as held back. */
    static final Duration PLATEAU = Duration.ofSeconds(1);

    private final HandledRequests handled = new HandledRequests();
    private final ExecutorService writers = Executors.newSingleThreadExecutor(task -> new Thread(task, "e2e-writer"));
    private DropInServer.Running server;

    private final RequestHandler handler = (req, res) -> {
        handled.handled();
        res.end(body(req.path()));
    };

    @AfterEach
    void stop() throws Exception {
        writers.shutdownNow();
        if (server != null) {
            server.close();
        }
        assertTrue(writers.awaitTermination(5, SECONDS), "the writer thread did not end");
    }

    /** The body answering {@code path}: the path repeated, cut to {@value #BODY_BYTES} bytes. */
    static byte[] body(String path) {
        return path.repeat(BODY_BYTES / path.length() + 1).substring(0, BODY_BYTES).getBytes(StandardCharsets.US_ASCII);
    }

    static String path(String connection, int tag) {
        return String.format("/%s/%06d", connection, tag);
    }

    static byte[] request(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void responsesWaitingToBeWrittenAreNotOverwrittenByAnotherConnectionsResponses() throws Exception {
        server = new DropInServer(SOCKET_BUFFER, SOCKET_BUFFER, 4 * 1024, null)
                .start(ServerFixture.connection().writeBufferWaterMarks(LOW, HIGH).build(), handler);
        InetSocketAddress address = server.address();
        try (RawConnection stalled = RawConnection.open(address, SOCKET_BUFFER, 0);
             RawConnection served = RawConnection.open(address)) {
            stalled.socket().setSendBufferSize(SOCKET_BUFFER);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeAll(stalled), writers);
            // The server stops reading the stalled connection once its answers wait past the high water mark.
            int plateau = handled.awaitPlateau(PLATEAU, STALLED_REQUESTS);
            assertTrue(plateau < STALLED_REQUESTS, "the server read on while its answers could not be written");

            for (int tag = 0; tag < SERVED_REQUESTS; tag++) {
                String path = path("served", tag);
                assertBody(path, served.send(request(path)).read());
            }
            for (int tag = 0; tag < STALLED_REQUESTS; tag++) {
                assertBody(path("stalled", tag), stalled.read());
            }
            writer.get(10, SECONDS);
        }
        assertEquals(STALLED_REQUESTS + SERVED_REQUESTS, handled.count());
    }

    private static void writeAll(RawConnection connection) {
        try {
            for (int tag = 0; tag < STALLED_REQUESTS; ) {
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                for (int end = Math.min(STALLED_REQUESTS, tag + 16); tag < end; tag++) {
                    batch.writeBytes(request(path("stalled", tag)));
                }
                connection.output().write(batch.toByteArray());
            }
            connection.output().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertBody(String path, RawResponse response) {
        assertEquals(200, response.status(), path);
        assertArrayEquals(body(path), response.body(), () -> path + ": " + new String(response.body(),
                StandardCharsets.US_ASCII));
    }
}
