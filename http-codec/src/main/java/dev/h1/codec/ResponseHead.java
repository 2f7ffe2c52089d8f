package dev.h1.codec;

import java.util.Objects;

/**
 * Outbound message: the status line and header section of a final response (or of a 101 Switching Protocols), plus
 * the method and version of the request it answers, from which the encoder chooses the body framing.
 *
 * <pre>
 * p.addLast(new RequestDecoder(), new ResponseEncoder(), app);
 * // in app: ctx.write(ResponseHead.forRequest(request, 200)); then ResponseContent*, then EndOfResponse
 * </pre>
 *
 * <p><b>Why the head carries the request's method and version.</b> HEAD responses have no body (RFC 9110 §9.3.2),
 * an HTTP/1.0 client cannot receive chunked coding (RFC 9112 §6.1) and a 2xx answer to CONNECT starts a tunnel
 * (RFC 9110 §9.3.6). Carrying both values on the head keeps the encoder free of any link to the decoder, and it stays
 * correct with pipelining, where the request being answered is not the one most recently decoded.
 * {@link #forRequest(RequestHead, int)} copies them from the request.
 *
 * <p>Threading and ownership: immutable apart from {@link #headers()}, which the writer owns until it writes the
 * head and must not touch afterwards (the write may run later, on the event loop); the encoder only reads them
 * (fields it adds, such as {@code Date}, go to the wire, not into this object). Holds no buffer. The status code
 * is checked here; the reason phrase and header fields are checked by the encoder, which fails the write with a
 * {@link ResponseEncodeException} and writes nothing if one of them could split the response.
 *
 * @param status         101, or a final status code 200–999 (other 1xx codes are {@link InformationalResponse}s)
 * @param reason         the reason phrase; {@code null} for the registered phrase of {@code status}
 *                       ({@link HttpStatus#reasonPhrase(int)})
 * @param headers        the header fields, written in order and case as given
 * @param requestMethod  the method of the request this response answers (case-sensitive, RFC 9110 §9.1)
 * @param requestVersion the version of the request this response answers; the status line itself always says
 *                       {@code HTTP/1.1} (RFC 9110 §6.2: a server sends its own highest conforming version)
 * @param sendDate       whether the encoder adds a {@code Date} field when the headers have none (RFC 9110 §6.6.1:
 *                       an origin server with a clock sends one; Node's {@code res.sendDate = false} leaves it out,
 *                       for a server without a reliable clock, or a test)
 */
public record ResponseHead(int status, String reason, Headers headers, String requestMethod,
                           HttpVersion requestVersion, boolean sendDate) implements HttpResponsePart {

    /**
     * Checks the components and fills in the registered reason phrase when {@code reason} is null.
     *
     * @param status         101, or a final status code 200–999
     * @param reason         the reason phrase; {@code null} for the registered phrase of {@code status}
     * @param headers        the header fields
     * @param requestMethod  the method of the request this response answers
     * @param requestVersion the version of the request this response answers
     * @param sendDate       whether the encoder adds a {@code Date} field when the headers have none
     * @throws IllegalArgumentException if {@code status} is outside 100–999 or a 1xx other than 101
     */
    public ResponseHead {
        if (status < HttpStatus.MIN_CODE || status > HttpStatus.MAX_CODE) {
            throw new IllegalArgumentException("status must be three digits, 100-999: " + status);
        }
        if (HttpStatus.isInformational(status) && status != HttpStatus.SWITCHING_PROTOCOLS.code()) {
            throw new IllegalArgumentException(
                    "status " + status + " is informational: write an InformationalResponse");
        }
        if (reason == null) {
            reason = HttpStatus.reasonPhrase(status);
        }
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(requestMethod, "requestMethod");
        Objects.requireNonNull(requestVersion, "requestVersion");
    }

    /**
     * A head whose {@code Date} the encoder adds unless {@code headers} has one (the usual head).
     *
     * @param status         101, or a final status code 200–999
     * @param reason         the reason phrase; {@code null} for the registered phrase of {@code status}
     * @param headers        the header fields
     * @param requestMethod  the method of the request this response answers
     * @param requestVersion the version of the request this response answers
     */
    public ResponseHead(int status, String reason, Headers headers, String requestMethod,
                        HttpVersion requestVersion) {
        this(status, reason, headers, requestMethod, requestVersion, true);
    }

    /**
     * A head with the registered reason phrase and no header fields yet, answering {@code request}.
     *
     * @param request the request answered; its method and version are copied
     * @param status  101 or a final status code
     * @return a new head with empty, modifiable headers
     */
    public static ResponseHead forRequest(RequestHead request, int status) {
        return new ResponseHead(status, null, new Headers(), request.method(), request.version());
    }

    /**
     * A head with the registered reason phrase and no header fields yet, answering {@code request}.
     *
     * @param request the request answered; its method and version are copied
     * @param status  101 or a final status
     * @return a new head with empty, modifiable headers
     */
    public static ResponseHead forRequest(RequestHead request, HttpStatus status) {
        return forRequest(request, status.code());
    }

    /**
     * This head with another reason phrase.
     *
     * @param newReason the phrase, or {@code null} for the registered one
     * @return a new head sharing these headers
     */
    public ResponseHead withReason(String newReason) {
        return new ResponseHead(status, newReason, headers, requestMethod, requestVersion, sendDate);
    }

    /**
     * Whether this answers a HEAD request, so the response has no body even if it declares a length.
     *
     * @return true when the request method is {@code HEAD}
     */
    public boolean answersHead() {
        return "HEAD".equals(requestMethod);
    }

    /**
     * Whether the connection stops speaking HTTP/1.1 once this head is written: a 101 (Switching Protocols,
     * RFC 9110 §15.2.2) or a 2xx answer to CONNECT (a tunnel, RFC 9110 §9.3.6).
     *
     * @return true for a head after which HTTP ends on the connection
     */
    public boolean switchesProtocols() {
        return switchesProtocols(status, requestMethod);
    }

    /** {@link #switchesProtocols()} for a status and the method of the request it answers. */
    static boolean switchesProtocols(int status, String requestMethod) {
        return status == HttpStatus.SWITCHING_PROTOCOLS.code()
                || ("CONNECT".equals(requestMethod) && HttpStatus.isSuccessful(status));
    }
}
