package dev.h1.codec.encoder;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A wall clock that stands still until a test moves it, so that {@code Date} fields are exact and no test sleeps. */
final class TestClock extends Clock {

    /** RFC 9110 §5.6.7's example instant: Sun, 06 Nov 1994 08:49:37 GMT. */
    static final long RFC_EXAMPLE_MILLIS = 784_111_777_000L;

    private long millis;
    private int reads;

    TestClock(long millis) {
        this.millis = millis;
    }

    void advanceMillis(long delta) {
        millis += delta;
    }

    /** How many times the time was read through {@link #millis()}. */
    int reads() {
        return reads;
    }

    @Override
    public long millis() {
        reads++;
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
