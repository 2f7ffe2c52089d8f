package dev.h1.server.cli;

import dev.h1.server.api.ServerRequest;

/**
 * The conditional request fields of RFC 9110 §13.1, evaluated in the order of §13.2.2 against a file's validators:
 * If-Match, else If-Unmodified-Since (412 when they fail); then If-None-Match, else If-Modified-Since on GET and HEAD
 * (304 when the client's copy is current; 412 for If-None-Match on other methods). If-Range is not a precondition
 * but a condition on Range, see {@link #rangeApplies}.
 *
 * <p>Stateless; thread-safe.
 */
final class Preconditions {

    /** What the request's preconditions say to do. */
    enum Outcome {
        /** Answer as if unconditional. */
        PROCEED,
        /** 304 (Not Modified): the client's cached copy is current (§15.4.5). */
        NOT_MODIFIED,
        /** 412 (Precondition Failed) (§15.5.13). */
        FAILED
    }

    private Preconditions() {
    }

    static Outcome evaluate(ServerRequest req, FileValidators file) {
        boolean getOrHead = req.method().equals("GET") || req.method().equals("HEAD");
        String ifMatch = combined(req, "If-Match");
        if (ifMatch != null) {
            if (!EntityTags.parseList(ifMatch).matches(file.etag(), true)) { // strong comparison (§13.1.1)
                return Outcome.FAILED;
            }
        } else {
            long since = HttpDates.parse(req.header("If-Unmodified-Since"));
            if (since >= 0 && file.lastModified() > since) {
                return Outcome.FAILED;
            }
        }
        String ifNoneMatch = combined(req, "If-None-Match");
        if (ifNoneMatch != null) {
            if (EntityTags.parseList(ifNoneMatch).matches(file.etag(), false)) { // weak comparison (§13.1.2)
                return getOrHead ? Outcome.NOT_MODIFIED : Outcome.FAILED;
            }
        } else if (getOrHead) {
            long since = HttpDates.parse(req.header("If-Modified-Since"));
            if (since >= 0 && file.lastModified() <= since) {
                return Outcome.NOT_MODIFIED;
            }
        }
        return Outcome.PROCEED;
    }

    /**
     * Whether the request's Range is to be served (§13.1.5): always without If-Range; with it, only when it names the
     * current representation, by a strong entity-tag match or by exactly its Last-Modified date. Otherwise the whole
     * representation is sent, so a client resuming a download of a file that changed gets the new one.
     */
    static boolean rangeApplies(ServerRequest req, FileValidators file) {
        String ifRange = req.header("If-Range");
        if (ifRange == null) {
            return true;
        }
        if (EntityTags.isTag(ifRange)) {
            return EntityTags.strongMatch(ifRange.strip(), file.etag());
        }
        long date = HttpDates.parse(ifRange);
        return date >= 0 && date == file.lastModified();
    }

    /** A list field's lines as one value (§5.3): If-Match and If-None-Match may be sent as several lines. */
    private static String combined(ServerRequest req, String name) {
        var values = req.headers().getAll(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }
}
