package dev.h1.codec.encoder;

import dev.h1.codec.Headers;
import dev.h1.codec.ResponseFraming;
import dev.h1.codec.ResponseHead;
import dev.h1.codec.internal.FramingRules;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

/**
 * How one response's body is framed on the wire, chosen once per head by {@link #of}.
 *
 * <p>Contract: a method that refuses a message throws {@link dev.h1.codec.ResponseEncodeException} before it takes
 * ownership of it or writes anything; the encoder then releases the message. Empty content never reaches a body
 * encoder (the encoder completes it at once), so a chunk is never empty.
 */
sealed interface BodyEncoder permits FixedLength, Chunked, CloseDelimited, NoBody {

    /**
     * The body encoder for {@code head}: the framing that {@link ResponseFraming#of} decides, with what that choice
     * leaves to the head. That is the declared length, and whether the head already announces chunked or the close
     * (then nothing is added) or the encoder adds the field. A Content-Length body is counted by {@code counter},
     * {@linkplain FixedLength#declare declared} anew for it: an encoder has one body at a time.
     *
     * @throws dev.h1.codec.ResponseEncodeException if the head cannot be framed
     */
    static BodyEncoder of(ResponseHead head, FixedLength counter) {
        Headers fields = head.headers();
        // The rules of ResponseFraming.of, with the declared length handed to the counter as it is checked: one scan of
        // the fields for both (EncoderBenchmark FIXED_13 in http-tests: a second scan for the length showed).
        ResponseFraming framing = FramingRules.decide(head.status(), head.requestMethod(), head.requestVersion(),
                head.switchesProtocols(), fields, counter);
        return switch (framing) {
            case NO_BODY -> NoBody.INSTANCE;
            case FIXED_LENGTH -> counter; // declared in decide
            case CHUNKED -> fields.contains("Transfer-Encoding") ? Chunked.GIVEN : Chunked.ANNOUNCED;
            case CLOSE_DELIMITED -> fields.containsToken("Connection", "close")
                    ? CloseDelimited.GIVEN : CloseDelimited.ANNOUNCED;
        };
    }

    /** Header fields this framing adds to the head, encoded; empty when the head already announces its framing. */
    byte[] addedFields();

    /** Writes non-empty, owned {@code content}. */
    void content(ChannelHandlerContext ctx, WriteBatch out, ByteBuf content, ChannelPromise promise);

    /** Writes a non-empty, owned {@code region}. */
    void region(ChannelHandlerContext ctx, WriteBatch out, FileRegion region, ChannelPromise promise);

    /** Checks that the body may end here with {@code trailers}; says what the end means for the connection. */
    Ending checkEnd(Headers trailers);

    /** Writes the end of the body, after {@link #checkEnd} accepted {@code trailers}. */
    void writeEnd(ChannelHandlerContext ctx, WriteBatch out, Headers trailers, ChannelPromise promise);
}
