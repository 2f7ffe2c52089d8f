package dev.h1.tests.e2e;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.RequestHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocking handlers under load (issue 12): {@value #UPLOADS} concurrent uploads of {@value #BODY_BYTES} bytes, each
 * echoed by a handler that runs on a thread pool ({@code handlerExecutor}) and copies {@code req.bodyStream()} to
 * {@code res.outputStream()} with plain blocking I/O. Every body must come back intact, and memory must stay bounded:
 * after each blocking write, the connection's pending outbound bytes are at most the high-water mark plus one piece
 * of the stream (and its chunk framing), because a write blocks while the connection is above the mark. The water
 * marks are small (2/4 KiB) so that the bound is well under a body, and the kernel buffers towards the clients are
 * small (16 KiB): the responses do back up into the server, and an output stream that did not wait would queue
 * much of a body.
 */
class BlockingHandlerTest {

    static final int UPLOADS = 1000;
    static final int BODY_BYTES = 64 * 1024;
    static final int READ_TIMEOUT_MILLIS = 40_000;
    static final int LOW_MARK = 2 * 1024;
    static final int HIGH_MARK = 4 * 1024;
    /** Kernel buffer sizes towards the client: the server's send buffer and the client's receive buffer. */
    static final int SOCKET_BUFFER = 16 * 1024;
    /** One piece of the output stream (8 KiB), its chunk framing and the head: what may go past the mark at once. */
    static final int ONE_PIECE = 8 * 1024 + 512;

    private final ExecutorService handlers = Executors.newFixedThreadPool(UPLOADS);
    private final ExecutorService clients = Executors.newFixedThreadPool(UPLOADS);
    private final ExecutorService senders = Executors.newFixedThreadPool(UPLOADS);

    @AfterEach
    void stop() {
        clients.shutdownNow();
        senders.shutdownNow();
        handlers.shutdownNow();
    }

    @Test
    void manyConcurrentUploadsAreEchoedByABlockingHandlerWithBoundedMemory() throws Exception {
        AtomicLong maxPending = new AtomicLong();
        AtomicInteger handled = new AtomicInteger();
        RequestHandler echo = (req, res) -> {
            req.channel().pipeline().addFirst(new PendingProbe(maxPending));
            byte[] buffer = new byte[4096];
            try (InputStream in = req.bodyStream(); OutputStream out = res.outputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                }
            }
            handled.incrementAndGet();
        };
        ConnectionConfig config = ConnectionConfig.builder().handlerExecutor(handlers)
                .writeBufferWaterMarks(LOW_MARK, HIGH_MARK).build();
        // Small kernel buffers towards the client: its responses back up into the server.
        try (DropInServer.Running server = new DropInServer(SOCKET_BUFFER, 0, 0, null).start(config, echo)) {
            List<CompletableFuture<byte[]>> echoed = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                byte[] body = body(i);
                echoed.add(CompletableFuture.supplyAsync(() -> upload(server.address(), body), clients));
            }
            CompletableFuture.allOf(echoed.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < UPLOADS; i++) {
                assertArrayEquals(body(i), echoed.get(i).join(), "upload " + i);
            }
        }
        assertEquals(UPLOADS, handled.get());
        assertTrue(maxPending.get() > HIGH_MARK, "the clients never let the responses back up: the test shows nothing");
        assertTrue(maxPending.get() <= HIGH_MARK + ONE_PIECE,
                "pending outbound bytes reached " + maxPending.get() + " (bound " + (HIGH_MARK + ONE_PIECE) + ")");
    }

    private static byte[] body(int i) {
        byte[] body = new byte[BODY_BYTES];
        Arrays.fill(body, (byte) i);
        body[0] = (byte) (i >> 8);
        return body;
    }

    /**
     * Sends the upload on a thread of its own while this one reads the echo. (A client that read only after sending
     * would deadlock with any echo server once the kernel buffers are full: h1 stops reading while its response
     * backs up.)
     */
    private byte[] upload(InetSocketAddress address, byte[] body) {
        // A thousand uploads share two CPUs: a client may wait long for its turn, within the test's overall bound.
        try (RawConnection raw = RawConnection.open(address, SOCKET_BUFFER, 0).readTimeout(READ_TIMEOUT_MILLIS)) {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    raw.send(("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
                            + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    raw.send(body);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, senders);
            RawResponse response = raw.read();
            sent.join();
            assertEquals(200, response.status());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * At the head of the pipeline, where writes enter the channel's outbound buffer: records the most bytes that
     * buffer held after any write, on the event loop, where the writes of the handler's thread are applied.
     */
    private static final class PendingProbe extends ChannelOutboundHandlerAdapter {
        private final AtomicLong max;

        PendingProbe(AtomicLong max) {
            this.max = max;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ctx.write(msg, promise);
            ChannelOutboundBuffer pending = ctx.channel().unsafe().outboundBuffer();
            if (pending != null) {
                max.accumulateAndGet(pending.totalPendingWriteBytes(), Math::max);
            }
        }
    }
}
