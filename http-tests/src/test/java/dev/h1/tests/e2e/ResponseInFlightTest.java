package dev.h1.tests.e2e;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.RequestHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A response the handler has ended is not done until its last byte is written to the socket: until then the
 * connection is busy. Each test sends a {@value #BODY_BYTES}-byte body (24 MiB) to a raw client that reads it at
 * {@value #READ_RATE} bytes/s (8 MiB/s), so the transfer takes 3 s, three times the 1 s timeout under test. The body
 * is far larger than what the kernel can hold for the client (a send buffer autotuned up to
 * {@code net.ipv4.tcp_wmem}'s 4 MiB, plus the client's fixed {@value #CLIENT_RCVBUF}-byte receive buffer), so a
 * server that gives up on the connection mid-transfer cannot hide it: the client sees the body end early.
 *
 * <ul>
 *   <li><b>Bug 1</b>: the keep-alive timer, {@code closeIdleConnections()} and graceful {@code close()} treat the
 *       connection as idle as soon as the handler called {@code end()}, and cut the response still being sent;</li>
 *   <li><b>Bug 2</b>: the idle timeout does not count outbound progress as activity, and kills a zero-copy
 *       {@code sendFile} (or one large buffer) that is steadily being read.</li>
 * </ul>
 */
class ResponseInFlightTest {

    static final int BODY_BYTES = 24 << 20;
    static final long READ_RATE = 8 << 20;
    static final int CLIENT_RCVBUF = 64 * 1024;
    /** Where the mid-transfer actions happen: the client has read this much, and most of the body is still to come. */
    static final long MID_TRANSFER = 2 << 20;
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final Duration GRACE = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static Path file;
    static byte[] body;
    static long bodyCrc;

    private final ServerFixture fixture = new ServerFixture();

    /** {@code /file}: {@code sendFile} (zero-copy); {@code /bytes}: the same body given whole to {@code end}. */
    private static final RequestHandler HANDLER = (req, res) -> {
        switch (req.path()) {
            case "/file" -> res.sendFile(file);
            case "/bytes" -> res.end(body);
            default -> res.end("ok");
        }
    };

    @BeforeAll
    static void createBody() throws IOException {
        body = new byte[BODY_BYTES];
        new SplittableRandom(24).nextBytes(body);
        file = dir.resolve("body.bin");
        Files.write(file, body);
        CRC32 crc = new CRC32();
        crc.update(body);
        bodyCrc = crc.getValue();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Bug 1: the keep-alive timer runs from the last byte written, not from {@code end()}. */
    @Test
    void keepAliveTimeoutDoesNotCutASendFileStillBeingRead() throws Exception {
        fixture.start(GRACE, ServerFixture.connection().keepAliveTimeout(TIMEOUT), HANDLER);
        try (RawConnection raw = slowClient()) {
            assertWholeBodyArrives(raw, "/file", () -> { });
        }
    }

    /** Bug 1: the same with one large {@code end(bytes)}. */
    @Test
    void keepAliveTimeoutDoesNotCutALargeEndStillBeingRead() throws Exception {
        fixture.start(GRACE, ServerFixture.connection().keepAliveTimeout(TIMEOUT), HANDLER);
        try (RawConnection raw = slowClient()) {
            assertWholeBodyArrives(raw, "/bytes", () -> { });
        }
    }

    /** Bug 1: {@code closeIdleConnections()} leaves a connection alone while its response is still being written. */
    @Test
    void closeIdleConnectionsMidTransferLeavesTheTransferAlone() throws Exception {
        fixture.start(GRACE, ServerFixture.connection(), HANDLER);
        try (RawConnection raw = slowClient()) {
            assertWholeBodyArrives(raw, "/file", () -> fixture.server().closeIdleConnections());
        }
        assertServesANewConnection();
    }

    /**
     * Bug 1: graceful {@code close()} lets a response still being written finish within the grace period, then closes
     * the connection.
     */
    @Test
    void gracefulCloseMidTransferLetsTheTransferFinish() throws Exception {
        fixture.start(GRACE, ServerFixture.connection(), HANDLER);
        CompletableFuture<Long> closeMillis = new CompletableFuture<>();
        try (RawConnection raw = slowClient()) {
            assertWholeBodyArrives(raw, "/file", () -> CompletableFuture.runAsync(() -> {
                long start = System.nanoTime();
                fixture.server().close();
                closeMillis.complete((System.nanoTime() - start) / 1_000_000);
            }));
            raw.awaitClose();
        }
        long took = closeMillis.get(GRACE.toSeconds() + 5, SECONDS);
        assertTrue(took < GRACE.toMillis(), "close() took " + took + " ms: the transfer did not finish within the"
                + " grace period");
        assertEquals(CloseReason.SERVER_SHUTDOWN, fixture.connections.awaitClose(1));
    }

    /** Bug 2: a zero-copy {@code sendFile} that keeps making progress is activity for the idle timeout. */
    @Test
    void idleTimeoutDoesNotKillASendFileMakingProgress() throws Exception {
        fixture.start(GRACE, idleOnly(), HANDLER);
        try (RawConnection raw = slowClient()) {
            assertWholeBodyArrives(raw, "/file", () -> { });
        }
    }

    /** Bug 2: the same with one large {@code end(bytes)}, which is also one outbound message. */
    @Test
    void idleTimeoutDoesNotKillALargeEndMakingProgress() throws Exception {
        fixture.start(GRACE, idleOnly(), HANDLER);
        try (RawConnection raw = slowClient()) {
            assertWholeBodyArrives(raw, "/bytes", () -> { });
        }
    }

    /** The idle timeout alone: keep-alive off, so that only the idle timer can end the connection. */
    private static ConnectionConfig.Builder idleOnly() {
        return ServerFixture.connection().idleTimeout(TIMEOUT).keepAliveTimeout(Duration.ZERO);
    }

    /** A new connection with a small receive buffer that reads at {@value #READ_RATE} bytes/s. */
    private RawConnection slowClient() throws IOException {
        return RawConnection.open(fixture.address(), CLIENT_RCVBUF, READ_RATE);
    }

    /**
     * Requests {@code path} on {@code raw} (the server's first connection) and reads the whole body, running
     * {@code midTransfer} once {@value #MID_TRANSFER} bytes are in. Fails, naming the server's close reason, if the
     * body ends early.
     */
    private void assertWholeBodyArrives(RawConnection raw, String path, Runnable midTransfer) throws Exception {
        long start = System.nanoTime();
        RawResponse head = raw.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
        assertEquals(200, head.status());
        assertEquals(String.valueOf(BODY_BYTES), head.header("Content-Length"));

        InputStream in = raw.input();
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        long received = 0;
        boolean acted = false;
        String end = "complete";
        while (received < BODY_BYTES) {
            int n;
            try {
                n = in.read(buffer, 0, (int) Math.min(buffer.length, BODY_BYTES - received));
            } catch (SocketException reset) {
                end = "reset (" + reset.getMessage() + ")";
                break;
            }
            if (n < 0) {
                end = "EOF";
                break;
            }
            crc.update(buffer, 0, n);
            received += n;
            if (!acted && received >= MID_TRANSFER) {
                acted = true;
                midTransfer.run();
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(BODY_BYTES, received, "the body ended (" + end + ") after " + received + " of " + BODY_BYTES
                + " bytes, " + millis + " ms into the transfer; the server closed the connection: "
                + closeReason(1));
        assertEquals(bodyCrc, crc.getValue(), "body bytes differ");
        assertTrue(millis >= 2 * TIMEOUT.toMillis(), "the transfer took only " + millis + " ms: too fast to test"
                + " the " + TIMEOUT.toMillis() + " ms timeouts");
    }

    /** Why the server closed {@code connection} (waiting up to 5 s for its close to be reported), for messages. */
    private String closeReason(int connection) {
        try {
            return String.valueOf(fixture.connections.awaitClose(connection));
        } catch (Exception e) {
            return "not within 5 s (" + e + ")";
        }
    }

    private void assertServesANewConnection() throws IOException {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            assertEquals("ok", raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().text());
        }
    }
}
