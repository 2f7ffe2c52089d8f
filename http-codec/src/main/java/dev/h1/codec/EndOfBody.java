package dev.h1.codec;

import java.util.Objects;

/**
 * Inbound message: the request body (possibly empty) is complete. Carries the trailer section of a chunked body,
 * otherwise {@link Headers#empty() empty} trailers. Holds no buffer.
 *
 * @param trailers trailer fields in received order (RFC 9112 §7.1.2); they never change the framing of the message
 */
public record EndOfBody(Headers trailers) implements HttpRequestPart {

    /** The end of a body without trailers; shared, since its trailers cannot be modified. */
    public static final EndOfBody NO_TRAILERS = new EndOfBody(Headers.empty());

    /**
     * Checks that the trailers are not null.
     *
     * @param trailers trailer fields in received order
     */
    public EndOfBody {
        Objects.requireNonNull(trailers, "trailers");
    }
}
