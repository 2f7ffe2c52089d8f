package dev.h1.codec;

import io.netty.handler.codec.EncoderException;

import java.util.Objects;

/**
 * The failure of a refused response write: the promise of that write fails with this exception. Decide what to do
 * from {@link #error()}, never from the message text.
 *
 * <pre>
 * p.addLast(new ResponseEncoder());   // a refused ctx.write(..) fails its future with this exception
 * </pre>
 *
 * <p>Immutable and thread-safe; holds no buffer. The message never contains field values or reason phrases (they
 * may come from a client); it names the field and the position and code of the offending character instead.
 */
public final class ResponseEncodeException extends EncoderException {

    private static final long serialVersionUID = 1L;

    /** The rule the write broke. */
    private final EncodeError error;
    /** A short description of the violation, without client bytes. */
    private final String detail;

    /**
     * A refusal for breaking {@code error}.
     *
     * @param error  the rule the write broke
     * @param detail a short description for logs; it must not quote field values or reason phrases
     */
    public ResponseEncodeException(EncodeError error, String detail) {
        super(error + ": " + detail);
        this.error = Objects.requireNonNull(error, "error");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /**
     * Which rule the write broke; decide on this, never on the message text.
     *
     * @return the broken rule
     */
    public EncodeError error() {
        return error;
    }

    /**
     * A short description of the violation, for logs.
     *
     * @return the description, without client bytes
     */
    public String detail() {
        return detail;
    }
}
