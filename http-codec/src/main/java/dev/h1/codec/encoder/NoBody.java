package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.Headers;
import dev.h1.codec.ResponseEncodeException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

/**
 * A response that has no body whatever its fields say (RFC 9112 §6.3(1)): an answer to HEAD, a 1xx, 204 or 304, or a
 * 2xx answer to CONNECT. Content is refused (only empty content is accepted, as a no-op), and the end writes nothing.
 */
enum NoBody implements BodyEncoder {
    INSTANCE;

    @Override
    public byte[] addedFields() {
        return WireConstants.NO_FIELDS;
    }

    @Override
    public void content(ChannelHandlerContext ctx, WriteBatch out, ByteBuf content, ChannelPromise promise) {
        throw bodyNotAllowed(content.readableBytes());
    }

    @Override
    public void region(ChannelHandlerContext ctx, WriteBatch out, FileRegion region, ChannelPromise promise) {
        throw bodyNotAllowed(region.count());
    }

    @Override
    public Ending checkEnd(Headers trailers) {
        refuseTrailers(trailers, "a response without a body");
        return Ending.COMPLETE;
    }

    @Override
    public void writeEnd(ChannelHandlerContext ctx, WriteBatch out, Headers trailers, ChannelPromise promise) {
        out.nothing(ctx, promise);
    }

    /** RFC 9112 §7.1.2: only the chunked coding has a trailer section. */
    static void refuseTrailers(Headers trailers, String framing) {
        if (!trailers.isEmpty()) {
            throw new ResponseEncodeException(EncodeError.TRAILERS_NOT_ALLOWED,
                    "trailers need chunked framing, not " + framing);
        }
    }

    private static ResponseEncodeException bodyNotAllowed(long bytes) {
        return new ResponseEncodeException(EncodeError.BODY_NOT_ALLOWED,
                bytes + " bytes of content for a response that has no body (HEAD, 1xx, 204, 304 or a tunnel)");
    }
}
