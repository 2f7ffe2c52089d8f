package dev.h1.server.compression;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.codec.ResponseFraming;
import dev.h1.codec.ResponseHead;
import dev.h1.server.CompressionConfig;

/**
 * What the compressor does with one response, decided once from its head: compress it, send it as it is but say that
 * it varies with Accept-Encoding, or leave it alone, for a named reason. {@link #of} is the one pure function that
 * decides; its rules are numbered below and tested as a table.
 */
enum Decision {

    /** Compress the body with the negotiated coding. */
    COMPRESS(true),
    /** A compressible response, but the request accepts no coding h1 offers: sent as is, with Vary. */
    NOT_ACCEPTED(true),
    /**
     * A compressible response with a Content-Length to an HTTP/1.0 request: compressing it would need the compressed
     * length before the body (HTTP/1.0 has no chunked coding, RFC 9112 §6.1), that is, buffering it; sent as is, with
     * Vary.
     */
    NEEDS_CHUNKED(true),
    /** A 101 or 2xx to CONNECT: HTTP ends on the connection. */
    SWITCHES_PROTOCOLS(false),
    /** No body: HEAD, 1xx, 204, 304 (RFC 9112 §6.3(1)), or a head the encoder will refuse. */
    NO_BODY(false),
    /** A 206 or a Content-Range: ranges count bytes of the unencoded representation (RFC 9110 §14.4). */
    PARTIAL(false),
    /** The application encoded the body already (Content-Encoding), or applied a transfer coding besides chunked. */
    ALREADY_ENCODED(false),
    /** {@code Cache-Control: no-transform}: the sender asks that the content not be changed (RFC 9111 §5.2.2.6). */
    NO_TRANSFORM(false),
    /** The Content-Type is missing or not among the compressible types. */
    NOT_COMPRESSIBLE(false),
    /** The Content-Length is below {@link CompressionConfig#minLength()}. */
    TOO_SMALL(false);

    private final boolean varies;

    Decision(boolean varies) {
        this.varies = varies;
    }

    /** Whether the response gets {@code Vary: Accept-Encoding}: its content depends on the request's field. */
    boolean varies() {
        return varies;
    }

    /**
     * The decision for {@code head}, answering a request whose Accept-Encoding negotiated {@code accepted}.
     *
     * @param head     the response head as the application wrote it
     * @param accepted the coding negotiated from the request ({@link ContentCoding#IDENTITY} for none)
     * @param config   the compression options
     * @return what to do
     */
    static Decision of(ResponseHead head, ContentCoding accepted, CompressionConfig config) {
        Headers fields = head.headers();
        // 1. A protocol switch and a response without a body have nothing to compress (RFC 9112 §6.3(1)).
        if (head.switchesProtocols()) {
            return SWITCHES_PROTOCOLS;
        }
        ResponseFraming framing;
        try {
            framing = ResponseFraming.of(head);
        } catch (ResponseEncodeException unframeable) {
            return NO_BODY; // the encoder refuses the head and closes the connection: leave it as it is
        }
        if (!framing.allowsBody()) {
            return NO_BODY;
        }
        // 2. RFC 9110 §14.4, §15.3.7: a part of a representation stays as it is, byte for byte.
        if (head.status() == HttpStatus.PARTIAL_CONTENT.code() || fields.contains("Content-Range")) {
            return PARTIAL;
        }
        // 3. RFC 9110 §8.4: no coding on top of the application's own; RFC 9112 §6.1: nor under its transfer coding.
        if (fields.contains("Content-Encoding") || hasTransferCodingBesidesChunked(fields)) {
            return ALREADY_ENCODED;
        }
        // 4. RFC 9111 §5.2.2.6 addresses intermediaries; an origin honours its own application's wish too.
        if (fields.containsToken("Cache-Control", "no-transform")) {
            return NO_TRANSFORM;
        }
        // 5. Only types that shrink: images, video and archives are compressed already.
        if (!config.isCompressible(fields.get("Content-Type"))) {
            return NOT_COMPRESSIBLE;
        }
        // 6. A known small body costs more to compress than it saves; an unknown length is a stream: compress.
        boolean hasLength = framing == ResponseFraming.FIXED_LENGTH;
        if (hasLength && ResponseFraming.contentLength(fields) < config.minLength()) {
            return TOO_SMALL;
        }
        // 7. From here the response varies with Accept-Encoding (RFC 9110 §12.5.5).
        if (accepted == ContentCoding.IDENTITY) {
            return NOT_ACCEPTED;
        }
        if (hasLength && head.requestVersion() != HttpVersion.HTTP_1_1) {
            return NEEDS_CHUNKED;
        }
        return COMPRESS;
    }

    private static boolean hasTransferCodingBesidesChunked(Headers fields) {
        for (String value : fields.getAll("Transfer-Encoding")) {
            for (String element : value.split(",", -1)) {
                String coding = element.strip();
                if (!coding.isEmpty() && !coding.equalsIgnoreCase("chunked")) {
                    return true;
                }
            }
        }
        return false;
    }
}
