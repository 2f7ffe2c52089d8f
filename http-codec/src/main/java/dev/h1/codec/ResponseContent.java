package dev.h1.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * Outbound message: a piece of response content, written after its {@link ResponseHead}. The encoder frames it
 * (as is, or as one chunk) and never writes an empty piece as a chunk, since a zero-size chunk ends the body
 * (RFC 9112 §7.1).
 *
 * <pre>
 * p.addLast(new RequestDecoder(), new ResponseEncoder(), app);
 * // in app: ctx.write(new ResponseContent(Unpooled.copiedBuffer("hello", US_ASCII)));
 * </pre>
 *
 * <p>Ownership: writing a {@code ResponseContent} hands its one reference to the encoder, which passes the buffer
 * on or, for small pieces, copies it next to the head and releases it; if the write fails, the encoder releases it.
 * Do not touch the buffer after writing it. Threading: write from any thread; the encoder reads it on the event loop.
 */
public final class ResponseContent extends DefaultByteBufHolder implements HttpResponsePart {

    /**
     * Wraps {@code content}, taking over the caller's reference, which passes on to the encoder when this message is
     * written.
     *
     * @param content the bytes to write; the new message owns the reference
     */
    public ResponseContent(ByteBuf content) {
        super(content);
    }

    @Override
    public ResponseContent replace(ByteBuf content) {
        return new ResponseContent(content);
    }

    @Override
    public ResponseContent copy() {
        return (ResponseContent) super.copy();
    }

    @Override
    public ResponseContent duplicate() {
        return (ResponseContent) super.duplicate();
    }

    @Override
    public ResponseContent retainedDuplicate() {
        return (ResponseContent) super.retainedDuplicate();
    }

    @Override
    public ResponseContent retain() {
        super.retain();
        return this;
    }

    @Override
    public ResponseContent retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public ResponseContent touch() {
        super.touch();
        return this;
    }

    @Override
    public ResponseContent touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "ResponseContent(" + content().readableBytes() + " bytes)";
    }
}
