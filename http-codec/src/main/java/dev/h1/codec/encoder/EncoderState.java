package dev.h1.codec.encoder;

/** What the {@link ResponseEncoder} awaits next; each state names the messages it accepts. */
enum EncoderState {
    /** An {@code InformationalResponse} or a {@code ResponseHead}. */
    AWAITING_HEAD,
    /** Content ({@code ResponseContent}, {@code FileRegion}) or the {@code EndOfResponse} of the current head. */
    AWAITING_BODY,
    /**
     * A 101 or a 2xx answer to CONNECT was written: HTTP is over on this connection. Only an {@code EndOfResponse}
     * without trailers is accepted (it writes nothing) until {@link UpgradeHandoff} removes the encoder.
     */
    SWITCHED,
    /** The connection closes after what was written (close-delimited end or a framing error); nothing is accepted. */
    CLOSING
}
