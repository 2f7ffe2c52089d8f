package dev.h1.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

import java.util.Objects;

/**
 * Outbound message: a whole response in one write, its head, all of its content and its end without trailers. The
 * encoder writes it exactly as it writes the {@link ResponseHead}, one {@link ResponseContent} (none when the content
 * is empty) and {@link EndOfResponse#NO_TRAILERS} in turn, with the same checks and framing; the write's promise is
 * that of the end.
 *
 * <pre>
 * p.addLast(new RequestDecoder(), new ResponseEncoder(), app);
 * // in app: ctx.writeAndFlush(new FullResponse(ResponseHead.forRequest(request, 200), content));
 * </pre>
 *
 * <p><b>Why.</b> Most responses are known whole when they are written: one message instead of three passes the
 * pipeline once, and the encoder writes head and small content into one buffer (PipelineBenchmark and
 * EncoderBenchmark in http-tests: each message is a pass through every outbound handler).
 *
 * <p><b>Failures.</b> A refused head writes nothing; content refused after its head (more bytes than the head's
 * Content-Length) fails the write and closes the connection, as the three messages would. Either way the promise
 * fails with the {@link ResponseEncodeException} and the content is released.
 *
 * <p><b>Ownership and threading.</b> Writing it hands the content's one reference to the encoder, which releases it
 * or passes it on; the head's fields are the writer's until written, as for a {@link ResponseHead}. Write from any
 * thread, and do not touch the message after writing it.
 */
public final class FullResponse extends DefaultByteBufHolder implements HttpResponsePart {

    private final ResponseHead head;

    /**
     * A whole response, taking over the caller's reference to {@code content}.
     *
     * @param head    the status line and header fields
     * @param content the whole body, possibly empty; the new message owns the reference
     */
    public FullResponse(ResponseHead head, ByteBuf content) {
        super(content);
        this.head = Objects.requireNonNull(head, "head");
    }

    /**
     * The status line and header fields.
     *
     * @return the head
     */
    public ResponseHead head() {
        return head;
    }

    @Override
    public FullResponse replace(ByteBuf content) {
        return new FullResponse(head, content);
    }

    @Override
    public FullResponse copy() {
        return (FullResponse) super.copy();
    }

    @Override
    public FullResponse duplicate() {
        return (FullResponse) super.duplicate();
    }

    @Override
    public FullResponse retainedDuplicate() {
        return (FullResponse) super.retainedDuplicate();
    }

    @Override
    public FullResponse retain() {
        super.retain();
        return this;
    }

    @Override
    public FullResponse retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public FullResponse touch() {
        super.touch();
        return this;
    }

    @Override
    public FullResponse touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "FullResponse(" + head.status() + ", " + content().readableBytes() + " bytes)";
    }
}
