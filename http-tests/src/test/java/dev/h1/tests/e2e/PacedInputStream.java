package dev.h1.tests.e2e;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.LockSupport;

/**
 * A slow client's socket input: reads at most {@value #PIECE} bytes at a time, and after each read waits until the
 * bytes read so far are due at {@code bytesPerSecond} since the first read. So reading {@code n} bytes takes at least
 * {@code n / bytesPerSecond} seconds, whatever the kernel has buffered. Pacing with {@code parkNanos} is the
 * scenario itself here (a slow client), not a synchronisation.
 */
public final class PacedInputStream extends FilterInputStream {

    static final int PIECE = 16 * 1024;

    private final long bytesPerSecond;
    private long start;
    private long read;

    public PacedInputStream(InputStream in, long bytesPerSecond) {
        super(in);
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be > 0: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, Math.min(length, PIECE));
        if (n > 0) {
            if (read == 0) {
                start = System.nanoTime();
            }
            read += n;
            long due = start + read * 1_000_000_000L / bytesPerSecond;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
        }
        return n;
    }
}
