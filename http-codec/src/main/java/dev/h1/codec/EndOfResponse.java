package dev.h1.codec;

import java.util.Objects;

/**
 * Outbound message: the response body is complete. Every {@link ResponseHead} is followed by exactly one, even when
 * the response has no body; after a 101 (Switching Protocols) it is optional and writes nothing.
 *
 * <pre>
 * p.addLast(new RequestDecoder(), new ResponseEncoder(), app);
 * // in app: ctx.writeAndFlush(EndOfResponse.NO_TRAILERS);   // the encoder never flushes: flush the end yourself
 * </pre>
 *
 * <p>Trailer fields (RFC 9112 §7.1.2, RFC 9110 §6.5) are written only on a chunked response; asking for them with any
 * other framing fails the write with {@link EncodeError#TRAILERS_NOT_ALLOWED}.
 *
 * <p>Threading and ownership: holds no buffer; the trailers are the writer's until written, then must not be touched.
 * {@link #NO_TRAILERS} is shared and read-only.
 *
 * @param trailers trailer fields, written in order; {@link Headers#empty()} for none
 */
public record EndOfResponse(Headers trailers) implements HttpResponsePart {

    /** The end of a body without trailers; shared, since its trailers cannot be modified. */
    public static final EndOfResponse NO_TRAILERS = new EndOfResponse(Headers.empty());

    /**
     * Checks that the trailers are not null.
     *
     * @param trailers trailer fields, written in order
     */
    public EndOfResponse {
        Objects.requireNonNull(trailers, "trailers");
    }
}
