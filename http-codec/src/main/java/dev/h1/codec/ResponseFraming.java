package dev.h1.codec;

import dev.h1.codec.internal.FramingRules;

import java.util.Objects;

/**
 * How the body of a response is delimited on the wire (RFC 9112 §6), decided from its status, its header fields and
 * the request it answers. {@link #of(ResponseHead)} is the one pure function that decides it: the
 * {@link dev.h1.codec.encoder.ResponseEncoder} frames every head by its rules, and a server calls it before writing a
 * head to learn what the encoder will do: whether a body may follow ({@link #allowsBody()}), whether trailers can be
 * sent ({@link #allowsTrailers()}) and whether the connection must close after the response
 * ({@link #closesConnection()}).
 *
 * <pre>
 * ResponseFraming framing = ResponseFraming.of(head); // before ctx.write(head)
 * if (!framing.allowsTrailers()) {
 *     // send the response without trailers
 * }
 * </pre>
 *
 * <p>A head that cannot be framed (for example Content-Length with Transfer-Encoding) makes {@code of} throw the
 * {@link ResponseEncodeException} with which the encoder would refuse to write it. The function has no state and may
 * be called from any thread; the constants are immutable and hold no buffer.
 */
public enum ResponseFraming {

    /**
     * The response has no body, whatever its fields say (RFC 9112 §6.3(1)): it answers HEAD (RFC 9110 §9.3.2), is a
     * 1xx, 204 or 304 (RFC 9110 §15.3.5, §15.4.5), or is a 101 or 2xx to CONNECT, after which the connection speaks
     * another protocol (RFC 9110 §9.3.6, §15.2.2). The sender writes no content and no trailers; an answer to HEAD
     * or a 304 may keep the Content-Length the body would have had.
     */
    NO_BODY,

    /**
     * The head's Content-Length frames the body (RFC 9112 §6.3(6)). The sender writes exactly that many bytes: more
     * would be read as the next response, so the encoder refuses them and closes the connection (RFC 9112 §6.2);
     * ending short leaves the message incomplete, so the encoder closes the connection (RFC 9112 §8). No trailers.
     */
    FIXED_LENGTH,

    /**
     * The chunked transfer coding frames the body (RFC 9112 §7.1): the head's own Transfer-Encoding ends in chunked,
     * or a response to an HTTP/1.1 request declares no length, and the encoder adds
     * {@code Transfer-Encoding: chunked}. The sender writes any amount of content, then may send trailer fields
     * (RFC 9112 §7.1.2); the connection may stay open.
     */
    CHUNKED,

    /**
     * The body ends when the connection closes (RFC 9112 §6.3(8)): a response to an HTTP/1.0 request, which cannot
     * decode chunked (RFC 9112 §6.1), declares no length. The sender writes any amount of content and must close
     * the connection after the body, which the head announces with {@code Connection: close} (RFC 9112 §9.6; the
     * encoder adds it when missing). No trailers.
     */
    CLOSE_DELIMITED;

    /**
     * The framing of the body that follows {@code head}.
     *
     * @param head the head about to be written
     * @return the framing
     * @throws ResponseEncodeException if the head cannot be framed; {@link ResponseEncodeException#error()} says why
     */
    public static ResponseFraming of(ResponseHead head) {
        return of(head.status(), head.requestMethod(), head.requestVersion(), head.headers());
    }

    /**
     * The framing of the body of a response with {@code status} and {@code headers} that answers a request with
     * {@code requestMethod} and {@code requestVersion}; the same decision as {@link #of(ResponseHead)}, before a
     * head is built.
     *
     * @param status         the status code, 100–999
     * @param requestMethod  the method of the request answered (case-sensitive, RFC 9110 §9.1)
     * @param requestVersion the version of the request answered
     * @param headers        the response's header fields; only read
     * @return the framing
     * @throws ResponseEncodeException  if these fields cannot frame such a response;
     *                                  {@link ResponseEncodeException#error()} says why
     * @throws IllegalArgumentException if {@code status} is outside 100–999
     */
    public static ResponseFraming of(int status, String requestMethod, HttpVersion requestVersion, Headers headers) {
        if (status < HttpStatus.MIN_CODE || status > HttpStatus.MAX_CODE) {
            throw new IllegalArgumentException("status must be three digits, 100-999: " + status);
        }
        Objects.requireNonNull(requestMethod, "requestMethod");
        Objects.requireNonNull(requestVersion, "requestVersion");
        return FramingRules.decide(status, requestMethod, requestVersion,
                ResponseHead.switchesProtocols(status, requestMethod), headers, FramingRules.DeclaredLength.IGNORED);
    }

    /**
     * Whether content may follow the head.
     *
     * @return true for every framing but {@link #NO_BODY}
     */
    public boolean allowsBody() {
        return this != NO_BODY;
    }

    /**
     * Whether trailer fields can be sent after the body (RFC 9112 §7.1.2).
     *
     * @return true only for {@link #CHUNKED}
     */
    public boolean allowsTrailers() {
        return this == CHUNKED;
    }

    /**
     * Whether the connection must close after the body (RFC 9112 §6.3(8), §9.6).
     *
     * @return true only for {@link #CLOSE_DELIMITED}
     */
    public boolean closesConnection() {
        return this == CLOSE_DELIMITED;
    }

    /**
     * The length that the Content-Length field of a head declares: one field of 1 to 18 digits, as {@link #of} accepts
     * it for {@link #FIXED_LENGTH} (or for {@link #NO_BODY}, which keeps a declared length).
     *
     * @param headers the head's fields
     * @return the declared length
     * @throws ResponseEncodeException if there is not exactly one valid Content-Length field
     */
    public static long contentLength(Headers headers) {
        return FramingRules.contentLength(headers);
    }
}
