package dev.h1.server.exchange;

/**
 * Content-Length values as strings: the small ones, which most responses have, are made once and shared rather than
 * formatted for every response (PipelineBenchmark in http-tests: {@code Long.toString} per response showed in the
 * allocation profile). Thread-safe: a slot may be filled twice by racing threads, with equal strings.
 */
final class Lengths {

    private static final int CACHED = 4096;
    private static final String[] SMALL = new String[CACHED];

    private Lengths() {
    }

    static String toString(long length) {
        if (length < 0 || length >= CACHED) {
            return Long.toString(length);
        }
        int i = (int) length;
        String cached = SMALL[i];
        if (cached == null) {
            cached = Long.toString(length);
            SMALL[i] = cached;
        }
        return cached;
    }
}
