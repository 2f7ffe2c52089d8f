package dev.h1.server.compression;

import dev.h1.codec.Headers;
import dev.h1.codec.ResponseHead;

import java.util.List;

/**
 * Rewrites a response head for the representation actually sent. The application's head is never modified (its
 * fields may be shared or read-only): each method returns a new head with a copy of the fields.
 */
final class EncodedFields {

    private static final String VARY = "Vary";
    private static final String ACCEPT_ENCODING = "Accept-Encoding";
    private static final String ETAG = "ETag";
    private static final String WEAK_PREFIX = "W/";

    private EncodedFields() {
    }

    /** {@code head} with {@code Vary: Accept-Encoding} merged in: the body was chosen by that field. */
    static ResponseHead varying(ResponseHead head) {
        Headers fields = head.headers().copy(1);
        addVary(fields);
        return withFields(head, fields);
    }

    /**
     * {@code head} for a body compressed with {@code coding}: Content-Encoding set, Content-Length removed (the
     * length is the chunked framing's, or the connection's close for HTTP/1.0), Vary merged, a strong ETag weakened.
     *
     * <p>RFC 9110 §8.8.3: a strong entity tag must change when the representation's content coding does. The tag is
     * made weak ({@code W/"x"}) rather than given a suffix ({@code "x-gzip"}), because conditional requests compare
     * tags weakly (If-None-Match, RFC 9110 §13.1.2): the application's own check of a revalidation then still matches
     * without knowing about compression, while If-Range, which needs a strong tag, never applies to a compressed
     * response (ranges are not compressed).
     */
    static ResponseHead encoded(ResponseHead head, ContentCoding coding) {
        Headers fields = head.headers().copy(2);
        fields.remove("Content-Length");
        fields.set("Content-Encoding", coding.token());
        addVary(fields);
        String etag = fields.get(ETAG);
        if (etag != null && !etag.startsWith(WEAK_PREFIX)) {
            fields.set(ETAG, WEAK_PREFIX + etag);
        }
        return withFields(head, fields);
    }

    /** RFC 9110 §12.5.5: Vary is a list; a {@code *} already says everything varies. */
    private static void addVary(Headers fields) {
        if (fields.containsToken(VARY, "*") || fields.containsToken(VARY, ACCEPT_ENCODING)) {
            return;
        }
        List<String> values = fields.getAll(VARY);
        if (values.isEmpty()) {
            fields.add(VARY, ACCEPT_ENCODING);
        } else {
            // RFC 9110 §5.3: field lines of a list may be combined into one, in order.
            fields.set(VARY, String.join(", ", values) + ", " + ACCEPT_ENCODING);
        }
    }

    private static ResponseHead withFields(ResponseHead head, Headers fields) {
        return new ResponseHead(head.status(), head.reason(), fields, head.requestMethod(), head.requestVersion());
    }
}
