package dev.h1.server.connection;

import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link BatchClock}: one ticker read per read batch, and the wall time for the Date field read once per second of
 * the ticker, with a mock ticker and a wall clock the test sets.
 */
class BatchClockTest {

    /** 2026-12-06T19:00:00.250Z: a quarter of a second into a second. */
    private static final long WALL = 1_796_583_600_250L;

    private final MockTicker ticker = Ticker.newMockTicker();
    private final Wall wall = new Wall(WALL);
    private final BatchClock clock = new BatchClock(wall);

    BatchClockTest() {
        clock.bind(ticker);
    }

    @Test
    void aBatchReadsTheTickerOnce() {
        clock.batchStarted();
        long first = clock.nanoTime();
        ticker.advance(5, TimeUnit.MILLISECONDS);
        assertEquals(first, clock.nanoTime(), "the batch's time, as first read");
        clock.batchEnded();
        assertEquals(first + TimeUnit.MILLISECONDS.toNanos(5), clock.nanoTime(), "outside a batch, read each time");
        ticker.advance(1, TimeUnit.MILLISECONDS);
        assertEquals(first + TimeUnit.MILLISECONDS.toNanos(6), clock.nanoTime());
    }

    @Test
    void wallTimeIsTheTickersWithinTheSecondOfTheLastWallReading() {
        assertEquals(WALL, clock.millis());
        ticker.advance(700, TimeUnit.MILLISECONDS);
        wall.set(WALL + 900); // what the wall clock says is not read again within its second
        assertEquals(WALL + 700, clock.millis());
        assertEquals(1, wall.reads());
        ticker.advance(50, TimeUnit.MILLISECONDS); // the ticker reaches the next second of the wall clock
        assertEquals(WALL + 900, clock.millis());
        assertEquals(2, wall.reads());
    }

    @Test
    void theWallClockIsReadOncePerSecond() {
        for (int i = 0; i < 3_000; i++) {
            clock.millis();
            ticker.advance(1, TimeUnit.MILLISECONDS);
            wall.set(wall.now + 1);
        }
        assertEquals(4, wall.reads(), "at the start and at each of the three seconds the ticker crossed");
    }

    @Test
    void aStepOfTheWallClockShowsWithinASecond() {
        assertEquals(WALL, clock.millis());
        wall.set(WALL - 3_600_000); // set back an hour
        ticker.advance(749, TimeUnit.MILLISECONDS);
        assertEquals(WALL + 749, clock.millis(), "still the second read before the step");
        ticker.advance(1, TimeUnit.MILLISECONDS);
        assertEquals(WALL - 3_600_000, clock.millis());
    }

    @Test
    void aBatchGivesTheDateFieldItsTimeWithoutAReading() {
        clock.batchStarted();
        long nanos = clock.nanoTime(); // the deadlines read first
        assertEquals(WALL, clock.millis());
        ticker.advance(100, TimeUnit.MILLISECONDS);
        assertEquals(WALL, clock.millis(), "the batch's time");
        assertEquals(nanos, clock.nanoTime());
        clock.batchEnded();
        assertEquals(WALL + 100, clock.millis());
        assertEquals(1, wall.reads());
    }

    @Test
    void aTickerMovedBackReadsTheWallClockAgain() {
        BatchClock other = new BatchClock(wall);
        MockTicker later = Ticker.newMockTicker();
        later.advance(10, TimeUnit.SECONDS);
        other.bind(later);
        assertEquals(WALL, other.millis());
        other.bind(ticker); // an earlier ticker time than the last reading's
        wall.set(WALL + 1);
        assertEquals(WALL + 1, other.millis());
    }

    @Test
    void unboundItReadsTheWallClockEachTime() {
        BatchClock unbound = new BatchClock(wall);
        assertEquals(WALL, unbound.millis());
        wall.set(WALL + 1);
        assertEquals(WALL + 1, unbound.millis());
        assertEquals(ZoneOffset.UTC, unbound.getZone());
        assertEquals(WALL + 1, unbound.instant().toEpochMilli());
    }

    /** A wall clock the test sets, which counts its readings. */
    private static final class Wall implements LongSupplier {
        private long now;
        private final AtomicInteger reads = new AtomicInteger();

        Wall(long now) {
            this.now = now;
        }

        void set(long millis) {
            now = millis;
        }

        int reads() {
            return reads.get();
        }

        @Override
        public long getAsLong() {
            reads.incrementAndGet();
            return now;
        }
    }
}
