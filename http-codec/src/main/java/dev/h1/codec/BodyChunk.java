package dev.h1.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * Inbound message: a piece of a request body, after transfer decoding. The content is a retained slice of the bytes
 * the decoder received (never a copy), never empty.
 *
 * <p>Ownership: whoever receives a {@code BodyChunk} owns one reference and must {@link #release()} it (or pass it on,
 * which passes the reference on too).
 */
public final class BodyChunk extends DefaultByteBufHolder implements HttpRequestPart {

    /**
     * Wraps {@code content}, taking over the caller's reference.
     *
     * @param content the body bytes; the new message owns the reference
     */
    public BodyChunk(ByteBuf content) {
        super(content);
    }

    @Override
    public BodyChunk replace(ByteBuf content) {
        return new BodyChunk(content);
    }

    @Override
    public BodyChunk copy() {
        return (BodyChunk) super.copy();
    }

    @Override
    public BodyChunk duplicate() {
        return (BodyChunk) super.duplicate();
    }

    @Override
    public BodyChunk retainedDuplicate() {
        return (BodyChunk) super.retainedDuplicate();
    }

    @Override
    public BodyChunk retain() {
        super.retain();
        return this;
    }

    @Override
    public BodyChunk retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public BodyChunk touch() {
        super.touch();
        return this;
    }

    @Override
    public BodyChunk touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "BodyChunk(" + content().readableBytes() + " bytes)";
    }
}
