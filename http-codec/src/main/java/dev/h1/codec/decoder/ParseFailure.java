package dev.h1.codec.decoder;

import dev.h1.codec.DecodeFailure;
import dev.h1.codec.ParseError;

/**
 * Thrown inside the decoder when a rule is violated, caught once in {@link RequestDecoder#decode} and turned into a
 * {@link DecodeFailure} message. Stackless: a parse error is an expected outcome of untrusted input, not a bug.
 * Stackless and immutable, so a failure with fixed text may also be created once and thrown again (the limits and
 * line-ending errors that {@link LineScanner} throws).
 */
final class ParseFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ParseError error;

    private ParseFailure(ParseError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    /** A failure of kind {@code error}; {@code detail} is fixed text and never contains client bytes. */
    static ParseFailure of(ParseError error, String detail) {
        return new ParseFailure(error, detail);
    }

    DecodeFailure toMessage() {
        return new DecodeFailure(error, getMessage());
    }

    ParseError error() {
        return error;
    }
}
