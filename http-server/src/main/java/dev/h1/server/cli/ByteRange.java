package dev.h1.server.cli;

/**
 * What a {@code Range} field (RFC 9110 §14.2) asks of a representation of a known length: the whole of it, one
 * satisfiable byte range, or nothing it has.
 *
 * <p>Only a single range is served. A field that is not a valid {@code bytes} range set, uses another unit, or asks
 * for several ranges is answered with the whole representation (200), which §14.2 allows ("a server MAY ignore the
 * Range header field"); this spares the server {@code multipart/byteranges} and the range-overlap checks of §14.3.
 *
 * <p>Immutable; thread-safe.
 */
sealed interface ByteRange {

    /** Send the whole representation: no Range, or one that is ignored. */
    record Whole() implements ByteRange {
    }

    /** Send bytes {@code first} to {@code last}, both inclusive and within the representation (206). */
    record Part(long first, long last) implements ByteRange {

        long length() {
            return last - first + 1;
        }

        /** The {@code Content-Range} of a 206 (§14.4). */
        String contentRange(long completeLength) {
            return "bytes " + first + "-" + last + "/" + completeLength;
        }
    }

    /** No byte of the range exists (416, §15.5.17). */
    record Unsatisfiable() implements ByteRange {

        /** The {@code Content-Range} a 416 carries (§14.4): the current length. */
        static String contentRange(long completeLength) {
            return "bytes */" + completeLength;
        }
    }

    /** The range {@code field} (the Range field's value) selects from {@code length} bytes. */
    static ByteRange of(String field, long length) {
        int eq = field.indexOf('=');
        if (eq < 0 || !field.substring(0, eq).strip().equalsIgnoreCase("bytes")) { // units are case-insensitive
            return new Whole();
        }
        String spec = field.substring(eq + 1).strip();
        if (spec.isEmpty() || spec.indexOf(',') >= 0) { // several ranges (or an empty list element): the whole
            return new Whole();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        long first = digits(spec.substring(0, dash));
        long last = digits(spec.substring(dash + 1));
        if (dash == 0) { // suffix-range: the last n bytes (§14.1.2)
            if (last < 0) {
                return new Whole();
            }
            return last == 0 || length == 0 ? new Unsatisfiable() : new Part(Math.max(0, length - last), length - 1);
        }
        boolean open = dash == spec.length() - 1;
        if (first < 0 || (!open && (last < 0 || last < first))) { // invalid: ignored (§14.1.2)
            return new Whole();
        }
        if (first >= length) {
            return new Unsatisfiable();
        }
        return new Part(first, open ? length - 1 : Math.min(last, length - 1));
    }

    /** A non-empty run of ASCII digits as a number, saturating at {@link Long#MAX_VALUE}; -1 for anything else. */
    private static long digits(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - (c - '0')) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}
