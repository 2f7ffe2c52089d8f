package dev.h1.tests.e2e;

import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import dev.h1.tests.e2e.Observations.Client;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.zip.CRC32;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Write back-pressure end to end: the handler writes {@value #PIECES} pieces of 64 KiB (50 MiB) honouring
 * {@code write()}'s false and {@code onDrain}, to a client that reads 1 MiB, then waits until the server reports that
 * it is blocked again (write returned false) before it reads on. No sleeping: the reader's pace is driven by the
 * server's own back-pressure events. The server's outbound buffer must stay within the high-water mark plus one
 * piece, and every byte must arrive intact.
 */
@ExtendWith(Observations.class)
class BackPressureTest {

    static final int PIECE = 64 * 1024;
    static final int PIECES = 800;
    static final long TOTAL = (long) PIECE * PIECES;
    static final int LOW = 32 * 1024;
    static final int HIGH = 64 * 1024;
    private static final int ROUND = 1 << 20;
    private static final long PACE_MILLIS = 100;
    private static final byte[] PATTERN = new byte[PIECE];

    static {
        new SplittableRandom(50).nextBytes(PATTERN);
    }

    private final ServerFixture fixture = new ServerFixture();
    private final CompletableFuture<Pump> pumps = new CompletableFuture<>();

    @BeforeEach
    void start() {
        RequestHandler handler = (req, res) -> {
            Pump pump = new Pump(req, res);
            pumps.complete(pump);
            res.setHeader("Content-Length", String.valueOf(TOTAL));
            res.onDrain(pump::onDrain);
            pump.run();
        };
        fixture.start(ServerFixture.connection().writeBufferWaterMarks(LOW, HIGH), handler);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Piece {@code index}: the pattern with the index in its first 4 bytes, so a lost or repeated piece shows. */
    static void fill(byte[] piece, int index) {
        System.arraycopy(PATTERN, 0, piece, 0, PIECE);
        piece[0] = (byte) (index >>> 24);
        piece[1] = (byte) (index >>> 16);
        piece[2] = (byte) (index >>> 8);
        piece[3] = (byte) index;
    }

    static long expectedCrc() {
        CRC32 crc = new CRC32();
        byte[] piece = new byte[PIECE];
        for (int i = 0; i < PIECES; i++) {
            fill(piece, i);
            crc.update(piece);
        }
        return crc.getValue();
    }

    /**
     * Reads the body from {@code in} 1 MiB at a time; between rounds, waits (at most {@value #PACE_MILLIS} ms) for the
     * next back-pressure event of the server: "blocked" (write returned false) or "ended" (every piece written; the
     * rest is read without waiting).
     */
    private static long readSlowly(InputStream in, long length, Pump pump) throws Exception {
        BlockingQueue<String> events = pump.events;
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[PIECE];
        long remaining = length;
        boolean ended = false;
        while (remaining > 0) {
            long round = Math.min(ROUND, remaining);
            while (round > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, round));
                if (n < 0) {
                    throw new IOException("body ends " + remaining + " bytes early");
                }
                crc.update(buffer, 0, n);
                round -= n;
                remaining -= n;
            }
            if (remaining > 0 && !ended) {
                // Pace the reader by the server: wait for its next block. The kernel's socket buffers may already
                // hold more than one round, and then the server cannot block again until the reader reads on (it
                // waits, unwritable, for the socket): so the wait is bounded, and reading goes on after it.
                String event = events.poll(PACE_MILLIS, MILLISECONDS);
                ended = "ended".equals(event);
            }
        }
        return crc.getValue();
    }

    private void assertBackPressureHonoured(Pump pump) {
        assertEquals(PIECES, pump.written);
        assertTrue(pump.falses >= 10, "write() returned false only " + pump.falses + " times");
        assertEquals(pump.falses, pump.drains, "one drain notification after each false");
        assertTrue(pump.maxPending <= HIGH + PIECE, "outbound buffer reached " + pump.maxPending + " bytes");
        assertTrue(pump.maxPending > HIGH, "the samples saw the buffer over the high mark: " + pump.maxPending);
        assertEquals(expectedCrc(), pump.crc.getValue());
    }

    @Test
    void rawSlowReaderGetsEveryByteWhileTheServerHonoursWriteFalse() throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse head = raw.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
            assertEquals(String.valueOf(TOTAL), head.header("Content-Length"));
            Pump pump = pumps.get(5, SECONDS);

            long crc = readSlowly(raw.input(), TOTAL, pump);

            assertEquals(expectedCrc(), crc);
            pump.ended.get(5, SECONDS);
            assertBackPressureHonoured(pump);
        }
        Observations.record(Scenario.BACK_PRESSURE, Client.RAW, "1 MiB per server block: every byte intact"
                + " (CRC32); handler saw false ≥ 10 times, one `onDrain` each; outbound ≤ high mark + 1 piece");
    }

    @Test
    void jdkSlowReaderGetsEveryByteWhileTheServerHonoursWriteFalse() throws Exception {
        HttpResponse<InputStream> response = Jdk.client().send(Jdk.request(fixture.uri("/big")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Pump pump = pumps.get(5, SECONDS);
        try (InputStream body = response.body()) {
            long crc = readSlowly(body, TOTAL, pump);

            assertEquals(expectedCrc(), crc);
            assertEquals(-1, body.read());
        }
        pump.ended.get(5, SECONDS);
        assertBackPressureHonoured(pump);
        Observations.record(Scenario.BACK_PRESSURE, Client.JDK, "`ofInputStream()` read 1 MiB per server block:"
                + " intact; same server-side bounds");
    }

    @Test
    void curlRateLimitedGetsEveryByte() throws Exception {
        Path file = Files.createTempFile("h1-e2e", ".bin");
        try {
            Curl.Transfer transfer = Curl.run("--limit-rate", "100M", "-o", file.toString(),
                    fixture.uri("/big").toString()).single();
            assertEquals(200, transfer.status());
            Pump pump = pumps.get(5, SECONDS);
            pump.ended.get(5, SECONDS);
            assertEquals(TOTAL, Files.size(file));
            CRC32 crc = new CRC32();
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[PIECE];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    crc.update(buffer, 0, n);
                }
            }
            assertEquals(expectedCrc(), crc.getValue());
            assertEquals(PIECES, pump.written);
            assertEquals(pump.falses, pump.drains);
            assertTrue(pump.maxPending <= HIGH + PIECE, "outbound buffer reached " + pump.maxPending + " bytes");
        } finally {
            Files.delete(file);
        }
        Observations.record(Scenario.BACK_PRESSURE, Client.CURL, "`--limit-rate 100M`: intact; outbound ≤ high mark"
                + " + 1 piece");
        Observations.notApplicable(Scenario.BACK_PRESSURE, Client.NETTY, "not exercised (the test client"
                + " aggregates)");
    }

    /** Writes the pieces on the event loop while {@code write()} returns true; resumes from {@code onDrain}. */
    private static final class Pump {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        final CRC32 crc = new CRC32();
        private final ServerRequest request;
        private final ServerResponse response;
        private final byte[] piece = new byte[PIECE];
        volatile int written;
        volatile int falses;
        volatile int drains;
        volatile long maxPending;

        Pump(ServerRequest request, ServerResponse response) {
            this.request = request;
            this.response = response;
        }

        void onDrain() {
            drains++;
            run();
        }

        void run() {
            Channel channel = request.channel();
            while (written < PIECES) {
                fill(piece, written);
                crc.update(piece);
                ByteBuf data = channel.alloc().buffer(PIECE).writeBytes(piece);
                boolean writable = response.write(data); // takes ownership (R6)
                written++;
                maxPending = Math.max(maxPending, pending(channel));
                if (!writable) {
                    falses++;
                    events.add("blocked");
                    return;
                }
            }
            // Told before the end is written: the last pieces may still fill the socket buffers, and the reader
            // must read them freely for the end to complete.
            events.add("ended");
            response.end().thenRun(() -> ended.complete(null));
        }

        String state() {
            Channel channel = request.channel();
            return "written " + written + ", falses " + falses + ", drains " + drains + ", writable "
                    + channel.isWritable() + ", pending " + pending(channel) + ", open " + channel.isOpen();
        }

        private static long pending(Channel channel) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            return buffer == null ? 0 : buffer.totalPendingWriteBytes();
        }
    }
}
