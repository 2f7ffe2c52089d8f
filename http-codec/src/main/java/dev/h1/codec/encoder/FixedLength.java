package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.Headers;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.codec.internal.FramingRules;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

/**
 * A body of exactly the head's Content-Length (RFC 9112 §6.3(6)): bytes pass unchanged and are counted. More than
 * declared is refused and closes the connection (the client would read the excess as the next response, RFC 9112
 * §6.2); ending short closes it after flushing, so the client sees the message is incomplete (RFC 9112 §8).
 */
final class FixedLength implements BodyEncoder, FramingRules.DeclaredLength {

    private long length;
    private long remaining;

    /**
     * A counter for a body of {@code length} bytes. The encoder keeps one and has it {@link #declare}d anew for
     * each Content-Length head rather than allocate one per response (measured by EncoderBenchmark and
     * PipelineBenchmark in http-tests: a per-response allocation).
     */
    FixedLength(long length) {
        declare(length);
    }

    /**
     * Counts a new body of {@code declared} bytes. {@link BodyEncoder#of} has the framing rules call it with the
     * length they read as they check it, so that the fields are not scanned again for it.
     */
    @Override
    public void declare(long declared) {
        this.length = declared;
        this.remaining = declared;
    }

    /** The declared Content-Length. */
    long length() {
        return length;
    }

    @Override
    public byte[] addedFields() {
        return WireConstants.NO_FIELDS;
    }

    @Override
    public void content(ChannelHandlerContext ctx, WriteBatch out, ByteBuf content, ChannelPromise promise) {
        take(content.readableBytes());
        out.content(ctx, content, promise);
    }

    @Override
    public void region(ChannelHandlerContext ctx, WriteBatch out, FileRegion region, ChannelPromise promise) {
        take(region.count());
        out.passOn(ctx, region, promise);
    }

    @Override
    public Ending checkEnd(Headers trailers) {
        NoBody.refuseTrailers(trailers, "a Content-Length response");
        if (remaining == 0) {
            return Ending.COMPLETE;
        }
        return Ending.truncated(new ResponseEncodeException(EncodeError.BODY_TOO_SHORT,
                "body ended after " + (length - remaining) + " of Content-Length " + length + " bytes"));
    }

    @Override
    public void writeEnd(ChannelHandlerContext ctx, WriteBatch out, Headers trailers, ChannelPromise promise) {
        out.nothing(ctx, promise);
    }

    private void take(long bytes) {
        if (bytes > remaining) {
            throw new ResponseEncodeException(EncodeError.BODY_TOO_LONG, bytes + " more bytes after "
                    + (length - remaining) + " of Content-Length " + length);
        }
        remaining -= bytes;
    }

    @Override
    public String toString() {
        return "FixedLength(" + (length - remaining) + " of " + length + ")";
    }
}
