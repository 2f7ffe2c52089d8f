package dev.h1.server.connection;

import io.netty.util.concurrent.Ticker;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A connection's clock: its event loop's ticker, read once per read batch, for the {@link Deadlines} and, as a
 * {@link Clock}, for the encoder's {@code Date} field (RFC 9110 §6.6.1), which thus costs no read of its own while a
 * batch is handled. A connection answering one request per read reads the clock once per request instead of twice
 * (PipelineBenchmark h1Plaintext in http-tests, async-profiler: the encoder's wall-clock read was 2.7 % of the
 * samples, about 23 ns per request on this project's 2-CPU VM, where a read costs 20 to 25 ns).
 *
 * <p><b>Batch time.</b> Between {@link #batchStarted()} and {@link #batchEnded()} every {@link #nanoTime()} returns
 * the value first read in the batch: the requests of one batch are all timed from its start, one read instead of two
 * per request (PipelineBenchmark h1Pipelined16, perf: the deadlines' reads were 22 ns of 975 per request). A deadline
 * thus starts at most one batch's handling time early, which only makes it stricter.
 *
 * <p><b>Wall time.</b> {@link #millis()} is the system's wall clock read at the last second boundary the ticker
 * crossed, plus the ticker's time since: the wall clock is read once per second, and a step of it (NTP, an operator)
 * shows in the {@code Date} field within a second. The ticker is the one the connection's deadlines are scheduled by,
 * so a test that freezes an {@code EmbeddedChannel}'s time freezes the {@code Date} too (tests that check the field
 * give the encoder a fixed clock instead, which the server then uses as given).
 *
 * <p><b>Threading.</b> The connection's event loop only. Until {@link #bind} names the ticker (when the connection's
 * handler joins its pipeline), {@link #millis()} reads the wall clock each time.
 */
public final class BatchClock extends Clock {

    private static final long UNREAD = Long.MIN_VALUE;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    /** The system's wall clock, in epoch milliseconds; tests give their own. */
    private final LongSupplier wall;
    private Ticker ticker;
    private boolean inBatch;
    private long batchNow = UNREAD;

    /** The wall clock's last reading, and the ticker's at that moment. */
    private long syncMillis;
    private long syncNanos;
    /** Ticker nanoseconds from {@link #syncNanos} to the next second of the wall clock; 0 until the first reading. */
    private long secondLeftNanos;

    /** A clock of the system's wall time. */
    public BatchClock() {
        this(System::currentTimeMillis);
    }

    BatchClock(LongSupplier wall) {
        this.wall = wall;
    }

    /** Reads {@code ticker} from now on; the connection's handler calls it once it knows its event loop. */
    void bind(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Bytes of the connection are being handled: until {@link #batchEnded()}, the ticker is read once. */
    void batchStarted() {
        inBatch = true;
    }

    /** The read batch is handled: the next {@link #nanoTime()} reads the ticker again. */
    void batchEnded() {
        inBatch = false;
        batchNow = UNREAD;
    }

    /** The ticker's time: within a batch, as first read in it. */
    long nanoTime() {
        if (!inBatch) {
            return ticker.nanoTime();
        }
        if (batchNow == UNREAD) {
            batchNow = ticker.nanoTime();
        }
        return batchNow;
    }

    @Override
    public long millis() {
        if (ticker == null) {
            return wall.getAsLong();
        }
        long now = nanoTime();
        long since = now - syncNanos;
        if (since >= 0 && since < secondLeftNanos) {
            return syncMillis + since / NANOS_PER_MILLI;
        }
        // The wall clock's second changed (or a test moved the ticker back): read it again.
        syncMillis = wall.getAsLong();
        syncNanos = now;
        secondLeftNanos = (1000 - Math.floorMod(syncMillis, 1000L)) * NANOS_PER_MILLI;
        return syncMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The system clock in {@code zone}: a connection's clock is its own and not handed out. */
    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.system(zone);
    }
}
