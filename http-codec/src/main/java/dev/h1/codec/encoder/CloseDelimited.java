package dev.h1.codec.encoder;

import dev.h1.codec.Headers;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

/**
 * A body that ends when the connection closes (RFC 9112 §6.3(8)): the only way to stream a body of unknown length to
 * an HTTP/1.0 client, which cannot decode chunked (RFC 9112 §6.1). Bytes pass unchanged; the end closes the
 * connection once everything is written.
 */
enum CloseDelimited implements BodyEncoder {
    /** Adds {@code Connection: close} (RFC 9112 §9.6), since the head does not say it already. */
    ANNOUNCED(WireConstants.CONNECTION_CLOSE),
    /** The head already carries {@code Connection: close}. */
    GIVEN(WireConstants.NO_FIELDS);

    private final byte[] addedFields;

    CloseDelimited(byte[] addedFields) {
        this.addedFields = addedFields;
    }

    @Override
    public byte[] addedFields() {
        return addedFields;
    }

    @Override
    public void content(ChannelHandlerContext ctx, WriteBatch out, ByteBuf content, ChannelPromise promise) {
        out.content(ctx, content, promise);
    }

    @Override
    public void region(ChannelHandlerContext ctx, WriteBatch out, FileRegion region, ChannelPromise promise) {
        out.passOn(ctx, region, promise);
    }

    @Override
    public Ending checkEnd(Headers trailers) {
        NoBody.refuseTrailers(trailers, "a close-delimited response");
        return Ending.CLOSE;
    }

    @Override
    public void writeEnd(ChannelHandlerContext ctx, WriteBatch out, Headers trailers, ChannelPromise promise) {
        out.nothing(ctx, promise);
    }
}
