package dev.h1.tests.hostile;

import dev.h1.tests.e2e.RawConnection;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The hostile clients of the soak run ({@code soak/run.sh}), not a test: for a fixed time, against a running server
 * on loopback, four clients at once, each on its own thread, built from the hostile tests' pieces, at rates that a
 * server with paranoid leak detection can still serve:
 * <ul>
 *   <li>slowloris: {@value #SLOWLORIS_CONNECTIONS} connections that trickle a request head, one byte per connection
 *       every {@value #TRICKLE_MILLIS} ms; each one the server ends (a 408 and a close at its headers deadline) is
 *       replaced;</li>
 *   <li>a pipeliner that never reads: one connection at a time, with a 16 KiB receive buffer, writes up to
 *       {@value #PIPELINED} requests ({@value #PIPELINED_PER_WRITE} per write) without reading a byte, and resets it
 *       after {@value #PIPELINER_HOLD_SECONDS} s (a write the server no longer reads blocks until then);</li>
 *   <li>resets: a well-formed request cut in its head or body, then a reset ({@code SO_LINGER} 0);</li>
 *   <li>garbage: random bytes ({@link GarbageAndResetTest#garbage}), a half-close, then the answer is read (a 400
 *       and a close; or only a close, for garbage that ends inside a request line).</li>
 * </ul>
 * It prints one line of counts when the time is up; {@code connect-errors} and {@code unexpected} must stay 0.
 *
 * <pre>java -cp ... dev.h1.tests.hostile.HostileLoad 127.0.0.1 8080 120 [seed]</pre>
 */
public final class HostileLoad {

    static final int SLOWLORIS_CONNECTIONS = 20;
    static final long TRICKLE_MILLIS = 200;
    static final int PIPELINED = 20_000;
    static final int PIPELINED_PER_WRITE = 100;
    /**
     * A pause between two connections of the resets and garbage clients (at most 50 a second each), so that the
     * attack does not swamp a server slowed by paranoid leak detection (see docs/RELIABILITY.md, soak).
     */
    static final long PAUSE_MILLIS = 20;
    static final long PIPELINER_HOLD_SECONDS = 5;
    static final String TRICKLED_HEAD =
            "GET /plaintext HTTP/1.1\r\nHost: a\r\nX-Slow: " + "s".repeat(2000) + "\r\n\r\n";
    static final byte[] PIPELINED_REQUEST_BATCH = "GET /plaintext HTTP/1.1\r\nHost: a\r\n\r\n"
            .repeat(PIPELINED_PER_WRITE).getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress address;
    private final long deadline;
    private final long seed;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService resets = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hostile-resets");
        thread.setDaemon(true);
        return thread;
    });

    private HostileLoad(InetSocketAddress address, long seconds, long seed) {
        this.address = address;
        this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        this.seed = seed;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: HostileLoad <host> <port> <seconds> [seed]");
            System.exit(2);
        }
        long seed = args.length > 3 ? Long.parseLong(args[3]) : System.nanoTime();
        HostileLoad load = new HostileLoad(new InetSocketAddress(args[0], Integer.parseInt(args[1])),
                Long.parseLong(args[2]), seed);
        System.out.println("hostile: seed " + seed);
        System.out.println("hostile: " + load.run());
    }

    /** Runs the four clients until the deadline; the counts, sorted by name. */
    private Map<String, Long> run() throws InterruptedException {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Runnable> loops = List.of(this::slowloris, this::pipeliner, this::resets, this::garbage);
        for (int i = 0; i < loops.size(); i++) {
            Runnable loop = loops.get(i);
            String name = List.of("slowloris", "pipeliner", "resets", "garbage").get(i);
            clients.execute(() -> {
                try {
                    loop.run();
                } catch (RuntimeException e) {
                    count("unexpected");
                    System.err.println("hostile: " + name + " failed: " + e);
                }
            });
        }
        clients.shutdown();
        long left = deadline - System.nanoTime() + TimeUnit.SECONDS.toNanos(PIPELINER_HOLD_SECONDS + 10);
        if (!clients.awaitTermination(left, TimeUnit.NANOSECONDS)) {
            count("unexpected");
            System.err.println("hostile: the clients did not stop in time");
            clients.shutdownNow();
        }
        resets.shutdownNow();
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((name, count) -> sorted.put(name, count.sum()));
        sorted.putIfAbsent("connect-errors", 0L);
        sorted.putIfAbsent("unexpected", 0L);
        return sorted;
    }

    private boolean running() {
        return System.nanoTime() < deadline;
    }

    private void count(String name) {
        counts.computeIfAbsent(name, key -> new LongAdder()).increment();
    }

    private RawConnection open(String kind) throws IOException {
        return open(kind, 0);
    }

    private RawConnection open(String kind, int receiveBufferBytes) throws IOException {
        try {
            RawConnection raw = RawConnection.open(address, receiveBufferBytes, 0);
            count(kind + "-connections");
            return raw;
        } catch (ConnectException e) {
            count("connect-errors");
            throw e;
        }
    }

    /** Keeps {@value #SLOWLORIS_CONNECTIONS} connections trickling a head; counts the 408s and closes. */
    private void slowloris() {
        List<RawConnection> connections = new ArrayList<>();
        List<Integer> sent = new ArrayList<>();
        try {
            while (running()) {
                while (connections.size() < SLOWLORIS_CONNECTIONS) {
                    connections.add(open("slowloris"));
                    sent.add(0);
                }
                for (int i = 0; i < connections.size(); i++) {
                    if (!trickle(connections.get(i), sent.get(i))) {
                        connections.remove(i).reset();
                        sent.remove(i--);
                    } else {
                        sent.set(i, sent.get(i) + 1);
                    }
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TRICKLE_MILLIS)); // the attack: a slow client
            }
        } catch (IOException e) {
            count("unexpected");
        } finally {
            connections.forEach(HostileLoad::resetQuietly);
        }
    }

    /** Writes the next byte of the head; false once the server has answered or closed (counted). */
    private boolean trickle(RawConnection raw, int sent) {
        try {
            InputStream in = raw.input();
            if (in.available() > 0) {
                count("slowloris-status-" + raw.read().status());
                return false;
            }
            if (sent == TRICKLED_HEAD.length()) {
                count("slowloris-head-completed"); // the deadline did not come: a finding
                return false;
            }
            raw.output().write(TRICKLED_HEAD.charAt(sent));
            raw.output().flush();
            return true;
        } catch (IOException closed) {
            count("slowloris-closed-by-server");
            return false;
        }
    }

    /**
     * Pipelines requests without reading, holds the connection, and resets it after {@value #PIPELINER_HOLD_SECONDS} s.
     */
    private void pipeliner() {
        while (running()) {
            try (RawConnection raw = open("pipeliner", 16 * 1024)) {
                CountDownLatch reset = new CountDownLatch(1);
                resets.schedule(() -> {
                    resetQuietly(raw); // also ends a write that blocks because the server no longer reads
                    reset.countDown();
                }, PIPELINER_HOLD_SECONDS, TimeUnit.SECONDS);
                for (int i = 0; i < PIPELINED; i += PIPELINED_PER_WRITE) {
                    raw.output().write(PIPELINED_REQUEST_BATCH);
                    counts.computeIfAbsent("pipeliner-requests-written", key -> new LongAdder())
                            .add(PIPELINED_PER_WRITE);
                }
                count("pipeliner-wrote-all"); // the server, or the kernel's buffers, took all of them
                reset.await();
            } catch (IOException resetWhileWriting) {
                count("pipeliner-reset-while-writing"); // the write blocked until the reset
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Cuts a request in its head or its body, then resets the connection. */
    private void resets() {
        SplittableRandom random = new SplittableRandom(seed);
        while (running()) {
            try {
                RawConnection raw = open("resets");
                byte[] request = random.nextBoolean() ? GarbageAndResetTest.request(random)
                        : ("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n" + "b".repeat(5000))
                                .getBytes(StandardCharsets.US_ASCII);
                raw.send(GarbageAndResetTest.slice(request, 1 + random.nextInt(request.length - 1)));
                raw.reset();
            } catch (IOException e) {
                count("resets-failed");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PAUSE_MILLIS));
        }
    }

    /** Sends garbage and reads the answer: the status, or how the connection ended. */
    private void garbage() {
        SplittableRandom random = new SplittableRandom(seed + 1);
        while (running()) {
            try (RawConnection raw = open("garbage")) {
                raw.send(GarbageAndResetTest.garbage(random));
                raw.shutdownOutput();
                count("garbage-status-" + raw.read().status());
            } catch (IOException e) {
                count("garbage-ended-without-answer"); // garbage cut inside a request; or a reset for unread garbage
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PAUSE_MILLIS));
        }
    }

    private static void resetQuietly(RawConnection raw) {
        try {
            raw.reset();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
