package dev.h1.tests.hostile;

import dev.h1.codec.DecoderConfig;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.RequestHandler;
import dev.h1.tests.e2e.RawConnection;
import dev.h1.tests.e2e.RawResponse;
import dev.h1.tests.e2e.ServerFixture;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that sends a body that never ends, past the limits: the decoder's {@code maxBodyBytes}
 * ({@value #MAX_BODY_BYTES}) or the application's {@code bodyBytes(max)} ({@value #APP_MAX_BYTES}). The server answers
 * 413 with {@code Connection: close} and closes, while the client is still sending. A writer thread sends the body in
 * {@value #CHUNK_BYTES}-byte chunks until the server closes, at most {@value #MAX_SENT} bytes.
 */
class EndlessBodyTest {

    static final long MAX_BODY_BYTES = 64 * 1024;
    static final int APP_MAX_BYTES = 16 * 1024;
    static final int CHUNK_BYTES = 4 * 1024;
    static final long MAX_SENT = 64L << 20;

    private final ServerFixture fixture = new ServerFixture();
    private final ExecutorService writers = Executors.newSingleThreadExecutor(task -> new Thread(task, "e2e-writer"));
    private final AtomicBoolean stopWriting = new AtomicBoolean();
    private final CompletableFuture<String> bodyError = new CompletableFuture<>();
    private final AtomicLong bodyRead = new AtomicLong();

    /** {@code /stream} reads the body piece by piece; {@code /aggregate} asks for at most {@value #APP_MAX_BYTES}. */
    private final RequestHandler handler = (req, res) -> {
        switch (req.path()) {
            case "/stream" -> req.body(new BodyListener() {
                @Override
                public void onData(ByteBuf data) {
                    bodyRead.addAndGet(data.readableBytes());
                }

                @Override
                public void onError(Throwable cause) {
                    bodyError.complete(cause.toString());
                }
            });
            case "/aggregate" -> req.bodyBytes(APP_MAX_BYTES).whenComplete((body, failure) -> {
                if (failure != null) {
                    bodyError.complete(failure.toString());
                } else {
                    res.end("got " + body.length);
                }
            });
            default -> res.end("ok");
        }
    };

    @BeforeEach
    void start() {
        fixture.start(Duration.ofSeconds(1), ServerFixture.connection()
                .decoder(DecoderConfig.builder().maxBodyBytes(MAX_BODY_BYTES).build()), handler);
    }

    @AfterEach
    void stop() throws Exception {
        stopWriting.set(true);
        writers.shutdownNow();
        fixture.close();
        assertTrue(writers.awaitTermination(5, SECONDS), "the writer did not stop");
    }

    /** Sends chunks until the server closes, {@link #stopWriting} is set, or {@value #MAX_SENT} bytes went out. */
    private CompletableFuture<Long> writeEndlessChunks(OutputStream out) {
        byte[] chunk = (Integer.toHexString(CHUNK_BYTES) + "\r\n" + "c".repeat(CHUNK_BYTES) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return CompletableFuture.supplyAsync(() -> {
            long sent = 0;
            try {
                while (sent < MAX_SENT && !stopWriting.get()) {
                    out.write(chunk);
                    sent += CHUNK_BYTES;
                }
            } catch (IOException closedByTheServer) {
                // expected: the server answered and closed
            }
            return sent;
        }, writers);
    }

    /** Sends the head, then chunks forever; the server must answer 413 and close. */
    private void assert413WhileSending(String path) throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            raw.send("POST " + path + " HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
            CompletableFuture<Long> writer = writeEndlessChunks(raw.output());
            RawResponse response = raw.read();
            assertEquals(413, response.status(), response.toString());
            assertEquals("close", response.header("Connection"));
            raw.awaitClose();
            stopWriting.set(true);
            long sent = writer.get(10, SECONDS);
            assertTrue(sent < MAX_SENT, "the client could send all " + MAX_SENT + " bytes");
        }
        bodyError.get(5, SECONDS);
    }

    /** The decoder's limit, with a handler that streams the body: 413, close. */
    @Test
    void anEndlessChunkedBodyPastMaxBodyBytesGets413AndClose() throws Exception {
        assert413WhileSending("/stream");
        assertTrue(bodyRead.get() <= MAX_BODY_BYTES, "the handler read " + bodyRead.get() + " body bytes");
        Survival.assertServesANewConnection(fixture.address());
    }

    /** The application's limit ({@code bodyBytes(max)}), below the decoder's: 413, close. */
    @Test
    void anEndlessChunkedBodyPastTheApplicationsLimitGets413AndClose() throws Exception {
        assert413WhileSending("/aggregate");
        Survival.assertServesANewConnection(fixture.address());
    }

    /** A Content-Length past {@code maxBodyBytes}, with the body streaming in: 413 before the body is read. */
    @Test
    void aContentLengthPastMaxBodyBytesGets413AndCloseWhileTheBodyStreams() throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            raw.send("POST /stream HTTP/1.1\r\nHost: a\r\nContent-Length: 10000000000\r\n\r\n");
            CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
                long sent = 0;
                try {
                    byte[] piece = new byte[CHUNK_BYTES];
                    while (sent < MAX_SENT && !stopWriting.get()) {
                        raw.output().write(piece);
                        sent += piece.length;
                    }
                } catch (IOException closedByTheServer) {
                    // expected
                }
                return sent;
            }, writers);
            RawResponse response = raw.read();
            assertEquals(413, response.status(), response.toString());
            assertEquals("close", response.header("Connection"));
            raw.awaitClose();
            stopWriting.set(true);
            assertTrue(writer.get(10, SECONDS) < MAX_SENT);
        }
        assertEquals(0, bodyRead.get(), "no body byte reaches the handler");
        Survival.assertServesANewConnection(fixture.address());
    }
}
