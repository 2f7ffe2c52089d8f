package dev.h1.codec;

import java.util.Objects;

/**
 * Outbound message: an interim 1xx response, such as 100 (Continue) or 103 (Early Hints) with {@code Link} fields,
 * written before the final {@link ResponseHead} of the same exchange (RFC 9110 §15.2). 101 (Switching Protocols) is
 * not one of these: it ends HTTP on the connection, so it is a {@link ResponseHead}.
 *
 * <pre>
 * p.addLast(new RequestDecoder(), new ResponseEncoder(), app);
 * // in app, before reading the body of an Expect: 100-continue request:
 * ctx.writeAndFlush(InformationalResponse.CONTINUE);
 * </pre>
 *
 * <p>The status line carries the registered reason phrase. No {@code Date} or {@code Server} field is added (RFC 9110
 * §6.6.1 makes Date optional on 1xx); a {@code Content-Length} or {@code Transfer-Encoding} field is an error
 * (RFC 9110 §8.6, RFC 9112 §6.1). A server must not send a 1xx to an HTTP/1.0 client (RFC 9110 §15.2): the sender
 * checks this, since this message does not carry the request version.
 *
 * <p>Threading and ownership: holds no buffer; immutable apart from the headers, which the writer owns until it
 * writes the message and must not touch afterwards. {@link #CONTINUE} is shared and read-only.
 *
 * @param status  100–199 except 101
 * @param headers the header fields; {@link Headers#empty()} for none
 */
public record InformationalResponse(int status, Headers headers) implements HttpResponsePart {

    /** 100 (Continue) without fields; the encoder writes it from a shared constant buffer. */
    public static final InformationalResponse CONTINUE =
            new InformationalResponse(HttpStatus.CONTINUE.code(), Headers.empty());

    /**
     * Checks the status and the headers.
     *
     * @param status  100–199 except 101
     * @param headers the header fields
     * @throws IllegalArgumentException if {@code status} is not 1xx, or is 101
     */
    public InformationalResponse {
        if (!HttpStatus.isInformational(status) || status == HttpStatus.SWITCHING_PROTOCOLS.code()) {
            throw new IllegalArgumentException("informational status must be 1xx other than 101: " + status);
        }
        Objects.requireNonNull(headers, "headers");
    }

    /**
     * A 103 (Early Hints, RFC 8297) response.
     *
     * @param fields its fields, typically {@code Link} fields for preloading
     * @return the response, to write before the final head
     */
    public static InformationalResponse earlyHints(Headers fields) {
        return new InformationalResponse(HttpStatus.EARLY_HINTS.code(), fields);
    }
}
