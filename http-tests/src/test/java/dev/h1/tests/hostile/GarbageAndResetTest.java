package dev.h1.tests.hostile;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerResponse;
import dev.h1.tests.e2e.ConnectionLog;
import dev.h1.tests.e2e.DropInServer;
import dev.h1.tests.e2e.RawConnection;
import dev.h1.tests.e2e.ServerFixture;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random garbage, and connections abandoned abruptly (RST with {@code SO_LINGER} 0, FIN, or a half-close) in the
 * middle of a head, of a body, and of a response, in a seeded loop of {@value #ITERATIONS} connections. Afterwards
 * the server serves a normal request, every connection has closed, and no buffer is held.
 *
 * <p>The seed is printed; {@code -Dh1.hostile.seed=<seed>} replays a run. Every failure names the seed and the last
 * scenarios.
 *
 * <p>Buffers are checked two ways, because they catch different faults:
 * <ul>
 *   <li>on {@code HttpServer}, the paranoid leak detector with a GC after the test (the build's
 *       {@code LeakCheckExtension}): a buffer that became garbage without being released;</li>
 *   <li>on the drop-in initializer with the test's own bootstrap ({@link DropInServer}), an
 *       {@link UnpooledByteBufAllocator} with metrics as the child allocator: once every connection closed and the
 *       event loop ran what was queued, the bytes it has outstanding must be back to zero. This catches a buffer
 *       that is still referenced (kept in a queue of a closed connection, say), which the leak detector cannot see,
 *       and it does not depend on when the GC runs.</li>
 * </ul>
 */
class GarbageAndResetTest {

    static final int ITERATIONS = Integer.getInteger("h1.hostile.iterations", 200);
    static final long SEED = Long.getLong("h1.hostile.seed", System.nanoTime());
    static final byte[] BIG = new byte[256 * 1024];
    static final int STREAM_PIECES = 64;
    static final byte[] STREAM_PIECE = new byte[16 * 1024];
    static final String[] ROUTES = {"/", "/echo", "/big", "/stream", "/hang"};

    /**
     * {@code /echo} reads the body (at most 1 MiB) and answers its length; {@code /big} answers 256 KiB at once;
     * {@code /stream} writes 1 MiB in pieces, honouring back-pressure; {@code /hang} never answers; {@code /}:
     * {@code ok}.
     */
    static final RequestHandler HANDLER = (req, res) -> {
        switch (req.path()) {
            case "/echo" -> req.bodyBytes(1 << 20).whenComplete((body, failure) -> {
                if (failure == null) {
                    res.end(String.valueOf(body.length));
                }
            });
            case "/big" -> res.end(BIG);
            case "/stream" -> stream(res);
            case "/hang" -> { }
            default -> res.end("ok");
        }
    };

    /** The connection deadlines: every connection the client abandons silently ends within a few seconds. */
    static ConnectionConfig.Builder connection() {
        return ServerFixture.connection().headersTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(3))
                .keepAliveTimeout(Duration.ofSeconds(1));
    }

    private final ServerFixture fixture = new ServerFixture();
    private final Deque<String> recent = new ArrayDeque<>();
    /** Every scenario of the attack, by iteration: connection n (numbered from 1 as they open) is iteration n - 1. */
    private final List<String> scenarios = new ArrayList<>();
    private DropInServer.Running dropIn;

    @AfterEach
    void stop() {
        fixture.close();
        if (dropIn != null) {
            dropIn.close();
        }
    }

    private static void stream(ServerResponse res) {
        int[] written = {0};
        Runnable pump = new Runnable() {
            @Override
            public void run() {
                while (written[0] < STREAM_PIECES) {
                    written[0]++;
                    if (!res.write(STREAM_PIECE)) {
                        return; // resumed by onDrain, unless the connection is gone
                    }
                }
                res.end();
            }
        };
        res.onDrain(pump);
        pump.run();
    }

    @Test
    void garbageAndAbruptClosesLeaveNoConnectionAndNoLeakOnHttpServer() throws Exception {
        System.out.println("GarbageAndResetTest seed " + SEED + " (replay with -Dh1.hostile.seed=" + SEED + ")");
        fixture.start(Duration.ofSeconds(1), connection(), HANDLER);
        attack(fixture.address());
        Survival.assertServesANewConnection(fixture.address());
        try {
            Survival.assertAllConnectionsClosed(fixture.server(), fixture.connections, Duration.ofSeconds(10));
        } catch (AssertionError open) {
            throw withScenarios(open, fixture.connections);
        }
        // the paranoid leak detector and the GC run after the test (LeakCheckExtension)
    }

    @Test
    void garbageAndAbruptClosesReturnEveryAllocatedByteOnTheDropIn() throws Exception {
        System.out.println("GarbageAndResetTest seed " + SEED + " (replay with -Dh1.hostile.seed=" + SEED + ")");
        UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(true);
        ByteBufAllocatorMetric metric = allocator.metric();
        ConnectionLog connections = new ConnectionLog();
        dropIn = new DropInServer(0, 0, 0, allocator)
                .start(connection().connectionListener(connections).build(), HANDLER);
        attack(dropIn.address());
        Survival.assertServesANewConnection(dropIn.address());
        try {
            connections.awaitAllClosed(Duration.ofSeconds(10));
        } catch (AssertionError open) {
            throw withScenarios(open, connections);
        }
        dropIn.awaitEventLoopQuiet();
        assertEquals(0, metric.usedDirectMemory() + metric.usedHeapMemory(), "bytes still allocated by the child"
                + " allocator once every connection closed (direct " + metric.usedDirectMemory() + ", heap "
                + metric.usedHeapMemory() + "), seed " + SEED);
    }

    /** Runs {@value #ITERATIONS} seeded scenarios, one connection each, one after the other. */
    private void attack(InetSocketAddress address) throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < ITERATIONS; i++) {
            try (RawConnection raw = RawConnection.open(address)) {
                scenario(i, random, raw);
            } catch (AssertionError | IOException e) {
                throw new AssertionError("seed " + SEED + ", iteration " + i + ": " + e + "; last scenarios: "
                        + recent, e);
            }
        }
    }

    private void scenario(int iteration, SplittableRandom random, RawConnection raw) throws IOException {
        Ending ending = Ending.values()[random.nextInt(Ending.values().length)];
        String description;
        switch (random.nextInt(5)) {
            case 0 -> {
                byte[] garbage = garbage(random);
                raw.send(garbage);
                description = "garbage " + garbage.length + " B";
            }
            case 1 -> {
                byte[] request = request(random);
                int cut = 1 + random.nextInt(headLength(request) - 1);
                raw.send(slice(request, cut));
                description = "head cut at " + cut + " of " + new String(request, 0, Math.min(40, request.length),
                        StandardCharsets.ISO_8859_1).replace("\r\n", "|");
            }
            case 2 -> {
                int length = 1 + random.nextInt(200_000);
                boolean expect = random.nextBoolean();
                boolean chunked = random.nextBoolean();
                String head = "POST /echo HTTP/1.1\r\nHost: a\r\n"
                        + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n")
                        + (expect ? "Expect: 100-continue\r\n" : "") + "\r\n";
                int sent = random.nextInt(length);
                raw.send(head);
                if (chunked) {
                    raw.send(Integer.toHexString(length) + "\r\n");
                }
                raw.send(new byte[sent]);
                description = "body cut at " + sent + " of " + length + (chunked ? " chunked" : "")
                        + (expect ? " expecting 100" : "");
            }
            case 3 -> {
                String route = ROUTES[2 + random.nextInt(3)];
                raw.send("GET " + route + " HTTP/1.1\r\nHost: a\r\n\r\n");
                int read = route.equals("/hang") ? 0 : random.nextInt(200_000);
                long got = raw.input().readNBytes(read).length;
                description = "response of " + route + " abandoned after " + got + " B";
            }
            default -> {
                StringBuilder pipelined = new StringBuilder();
                int count = 1 + random.nextInt(5);
                for (int r = 0; r < count; r++) {
                    pipelined.append("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                }
                raw.send(pipelined.toString());
                raw.send(garbage(random));
                description = count + " pipelined requests, then garbage";
            }
        }
        remember(iteration + ": " + description + ", then " + ending);
        ending.apply(raw);
    }

    /** {@code open}, with the seed and the scenario of every connection {@code log} still has open. */
    private AssertionError withScenarios(AssertionError open, ConnectionLog log) {
        StringBuilder message = new StringBuilder(open.getMessage()).append(", seed ").append(SEED);
        for (int id : log.stillOpen()) {
            message.append("\n  connection ").append(id).append(": ")
                    .append(id <= scenarios.size() ? scenarios.get(id - 1) : "not one of the attack's");
        }
        return new AssertionError(message.toString(), open);
    }

    private void remember(String scenario) {
        scenarios.add(scenario);
        recent.addLast(scenario);
        if (recent.size() > 5) {
            recent.removeFirst();
        }
    }

    /** Random bytes: half the time anything, half the time text with CR and LF that looks like HTTP. */
    static byte[] garbage(SplittableRandom random) {
        byte[] bytes = new byte[1 + random.nextInt(2048)];
        if (random.nextBoolean()) {
            random.nextBytes(bytes);
        } else {
            String alphabet = "GETPOSTHTP/1.0 :\r\n\r\nabcxyz-_0123456789\t;chunked";
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
        }
        return bytes;
    }

    /** A well-formed request to a random route, with a body for {@code /echo}. */
    static byte[] request(SplittableRandom random) {
        String route = ROUTES[random.nextInt(ROUTES.length)];
        String text = route.equals("/echo")
                ? "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                : "GET " + route + " HTTP/1.1\r\nHost: a\r\nX-Filler: " + "f".repeat(random.nextInt(100)) + "\r\n\r\n";
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static int headLength(byte[] request) {
        return new String(request, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
    }

    static byte[] slice(byte[] bytes, int length) {
        byte[] slice = new byte[length];
        System.arraycopy(bytes, 0, slice, 0, length);
        return slice;
    }

    /** How the client leaves. */
    enum Ending {
        /** RST: {@code SO_LINGER} 0, then close. */
        RESET {
            @Override
            void apply(RawConnection raw) throws IOException {
                raw.reset();
            }
        },
        /** FIN: a plain close, whatever is still unread. */
        CLOSE {
            @Override
            void apply(RawConnection raw) throws IOException {
                raw.close();
            }
        },
        /**
         * Half-close, then read until the server closes: the server must close by itself (it read the end of the
         * request stream) within the client's 5 s read timeout.
         */
        HALF_CLOSE_AND_READ {
            @Override
            void apply(RawConnection raw) throws IOException {
                raw.shutdownOutput();
                InputStream in = raw.input();
                byte[] buffer = new byte[64 * 1024];
                try {
                    while (in.read(buffer) >= 0) {
                        // drain what the server still sends, until its close
                    }
                } catch (SocketTimeoutException stillOpen) {
                    throw new AssertionError("the server did not close a half-closed connection within "
                            + RawConnection.TIMEOUT_MILLIS + " ms");
                } catch (SocketException reset) {
                    // the server closed with unread bytes: a reset is a close too
                }
            }
        };

        abstract void apply(RawConnection raw) throws IOException;
    }
}
