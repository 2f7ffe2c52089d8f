package dev.h1.tests.wire;

import java.util.List;

/**
 * One input of a corpus case and h1's decoder verdict on it ({@code H1Policy.Check}), in this package's terms. Text
 * is raw bytes read as ISO-8859-1, as in the corpus.
 *
 * @param completed   the requests that complete, in order; null when any number may complete before a rejection
 * @param status      the status of a rejection, or null for any
 * @param partial     the unfinished request of an incomplete input, or null
 * @param passThrough the bytes after an upgrade or CONNECT request
 */
record WireCheck(String name, byte[] input, Kind kind, List<Message> completed, Integer status, Partial partial,
                 String passThrough) {

    /** The decoder verdict kinds of {@code dev.h1.tests.conformance.Verdict.Kind}, by name. */
    enum Kind { ACCEPT, INCOMPLETE, TUNNEL, REJECT, DISCARD_AFTER_CLOSE }

    /** A completed request: what the server's echo must describe. {@code version} is "1.0" or "1.1". */
    record Message(String method, String target, String version, List<Field> headers, String body) {

        boolean hasHost() {
            return headers.stream().anyMatch(field -> field.name().equalsIgnoreCase("Host"));
        }

        boolean isConnect() {
            return method.equals("CONNECT");
        }

        @Override
        public String toString() {
            return method + " " + target + " HTTP/" + version + " " + headers + " body " + body.length() + " bytes";
        }
    }

    /** The unfinished request of an incomplete input; {@code headers} only when {@code headersComplete}. */
    record Partial(String method, String target, boolean headersComplete, List<Field> headers) {
    }

    /** A header field: name as sent, value without surrounding whitespace. */
    record Field(String name, String value) {
        @Override
        public String toString() {
            return name + ": " + value;
        }
    }
}
