package dev.h1.codec;

import java.util.Objects;

/**
 * Inbound message: the request line and header section of one request, with what the decoder concluded from them
 * (body framing, persistence, expectation, upgrade). Holds no buffer.
 *
 * <p>Emitted by {@link dev.h1.codec.decoder.RequestDecoder} once per request, before the body. Immutable apart from
 * {@link #headers()}, which the receiver owns from then on.
 */
public final class RequestHead implements HttpRequestPart {

    private final String method;
    private final String target;
    private final HttpVersion version;
    private final Headers headers;
    private final Framing framing;
    private final long contentLength;
    private final boolean keepAlive;
    private final Expectation expectation;
    private final boolean upgrade;

    /**
     * A request head, as the decoder builds it; tests and other decoders may build one too.
     *
     * @param method        the method token, case preserved (methods are case-sensitive, RFC 9110 §9.1)
     * @param target        the request-target exactly as received
     * @param version       the protocol version (1.2 to 1.9 are processed as 1.1)
     * @param headers       the header fields in received order
     * @param framing       how the body is delimited
     * @param contentLength the body length for {@link Framing#CONTENT_LENGTH}, otherwise -1
     * @param keepAlive     whether the client wants the connection kept open after this request (RFC 9112 §9.3)
     * @param expectation   what the {@code Expect} field asks for
     * @param upgrade       whether the client asks to switch protocols ({@code Connection: upgrade} and
     *                      {@code Upgrade})
     * @throws IllegalArgumentException if {@code contentLength} does not fit {@code framing}
     */
    public RequestHead(String method, String target, HttpVersion version, Headers headers, Framing framing,
                       long contentLength, boolean keepAlive, Expectation expectation, boolean upgrade) {
        this.method = Objects.requireNonNull(method, "method");
        this.target = Objects.requireNonNull(target, "target");
        this.version = Objects.requireNonNull(version, "version");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.framing = Objects.requireNonNull(framing, "framing");
        if ((framing == Framing.CONTENT_LENGTH) != (contentLength >= 0)) {
            throw new IllegalArgumentException("contentLength " + contentLength + " does not fit framing " + framing);
        }
        this.contentLength = contentLength;
        this.keepAlive = keepAlive;
        this.expectation = Objects.requireNonNull(expectation, "expectation");
        this.upgrade = upgrade;
    }

    /**
     * The method token, case-sensitive.
     *
     * @return for example {@code GET}
     */
    public String method() {
        return method;
    }

    /**
     * The request-target exactly as received (origin-, absolute-, authority- or asterisk-form, RFC 9112 §3.2).
     *
     * @return the request-target
     */
    public String target() {
        return target;
    }

    /**
     * The protocol version of the request; 1.2 to 1.9 are processed as 1.1 (RFC 9112 §2.3).
     *
     * @return the version
     */
    public HttpVersion version() {
        return version;
    }

    /**
     * The header fields in received order and original case.
     *
     * @return the fields, owned by the receiver of this head
     */
    public Headers headers() {
        return headers;
    }

    /**
     * How the body is delimited (RFC 9112 §6).
     *
     * @return none, Content-Length or chunked
     */
    public Framing framing() {
        return framing;
    }

    /**
     * The declared body length.
     *
     * @return the length when {@link #framing()} is {@link Framing#CONTENT_LENGTH}, otherwise -1
     */
    public long contentLength() {
        return contentLength;
    }

    /**
     * Whether the client allows the connection to stay open after this exchange (RFC 9112 §9.3): HTTP/1.1 unless
     * {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive}.
     *
     * @return true when the connection may persist
     */
    public boolean isKeepAlive() {
        return keepAlive;
    }

    /**
     * What the {@code Expect} field asks for (RFC 9110 §10.1.1).
     *
     * @return none, 100-continue, or an expectation the server cannot meet
     */
    public Expectation expectation() {
        return expectation;
    }

    /**
     * Whether the client asks to switch protocols: {@code Connection: upgrade} plus an {@code Upgrade} field.
     *
     * @return true for an HTTP/1.1 upgrade request (RFC 9110 §7.8)
     */
    public boolean isUpgrade() {
        return upgrade;
    }

    /**
     * Whether this is a CONNECT request (RFC 9110 §9.3.6): after it the connection is a tunnel.
     *
     * @return true when the method is {@code CONNECT}
     */
    public boolean isConnect() {
        return "CONNECT".equals(method);
    }

    @Override
    public String toString() {
        return "RequestHead(" + method + ' ' + target + ' ' + version + ", " + framing
                + (contentLength >= 0 ? " " + contentLength : "") + (keepAlive ? ", keep-alive" : ", close")
                + (expectation != Expectation.NONE ? ", expect " + expectation : "")
                + (upgrade ? ", upgrade" : "") + ", " + headers + ')';
    }
}
