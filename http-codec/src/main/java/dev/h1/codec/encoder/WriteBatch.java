package dev.h1.codec.encoder;

import dev.h1.codec.internal.ThreadSpare;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the small bytes the encoder produces (heads, chunk-size lines, small content, trailers) in one buffer
 * until something must pass (a flush, a close, a large buffer or a {@code FileRegion}), so that a head and a small
 * body leave as one buffer and pipelined responses can share one write. Large content is never copied: the batch is
 * written first and the content after it, in order.
 *
 * <p>Promise rule: each message's promise completes with the write that carries its last byte; a promise attached to
 * the batch completes when the batch is written. A batch written for void promises alone is written with a void
 * promise (its writers hear of a failure through {@code exceptionCaught}); pieces that carry no promise at all get a
 * fresh one, never a void promise, so that a failed write on a closing channel does not fire {@code exceptionCaught}.
 * A piece whose promise was cancelled after its write still goes out with its batch: taking it back would break the
 * framing, and dropping the batch would drop other writers' bytes.
 *
 * <p>The batch's buffer is opened in the event loop's {@link SpareBatchBuffer} when that is free, and written with a
 * reference kept for the spare, so that a loop serving many connections allocates no buffer per flush.
 *
 * <p>Event loop only, like the encoder that owns it.
 */
final class WriteBatch {

    /**
     * Content up to this many bytes is copied next to the head or chunk-size line before it rather than written as a
     * buffer of its own: a copy this small costs less than another entry in the channel's outbound buffer and another
     * iovec. Measured against 512 and 128, where a 1 KiB piece is passed on instead (interleaved JMH runs of the three
     * builds, three rounds, in http-tests): EncoderBenchmark CHUNKED_4X1K fell from about 1.27 to about 0.64 million
     * responses per second, PipelineBenchmark h1Echo1k rose from about 1,400 to 1,600–2,900 ns per exchange, and
     * FIXED_13 and h1Plaintext did not move beyond the noise.
     */
    static final int MAX_COPY_BYTES = 1024;
    /** The batch is written out before it would grow past this, bounding what the encoder holds back. */
    static final int MAX_BATCH_BYTES = 16 * 1024;

    private ByteBuf buffer;
    /**
     * The size of the batch written last, or -1 before the first: a new batch is opened that large, so that it
     * usually needs neither growing nor more memory than this connection's batches take. A fixed room of
     * {@link #MAX_COPY_BYTES} after the first piece made a plaintext response's batch a 1,152-byte buffer where it
     * needs about 110 bytes, and grew a chunked one of 4 KiB twice. Interleaved JMH runs in http-tests against that
     * fixed room: EncoderBenchmark CHUNKED_4X1K about 25 % more responses per second (six rounds of six), FIXED_13
     * about 4 % more (five of five), PipelineBenchmark h1Pipelined16 about 8 % less time (four of five).
     */
    private int lastBatchBytes = -1;
    /**
     * The channel's allocator when this batch last allocated a buffer, and that buffer's own ({@link ByteBuf#alloc()},
     * which differs where the transport wraps the allocator, as epoll does): the event loop's {@link SpareBatchBuffer}
     * is opened only while the channel's allocator is the same, and only if the spare came from the same. Null before
     * the first allocation.
     */
    private ByteBufAllocator askedOf;
    private ByteBufAllocator madeBy;
    /**
     * The event loop's spare line buffer: a connection holds one only while it assembles a head, so that idle
     * connections keep none (512 bytes each before; heap histograms of 10,000 EmbeddedChannels that each served one
     * request, http-tests' PipelineBenchmark pipeline). Most heads do without one: {@link LastHead} copies a head like
     * the last whole.
     */
    private static final ThreadSpare<LineBuffer> SPARE_LINES = new ThreadSpare<>(LineBuffer::new);

    /**
     * Taken by {@link #lines()}, given back by {@link #appendLines}; null between heads, but for a head refused while
     * it was assembled, whose buffer is kept for the next.
     */
    private LineBuffer lines;
    private final List<ChannelPromise> promises = new ArrayList<>(4);
    /** Whether a void promise was attached: its writer takes failures through exceptionCaught. */
    private boolean voidAttached;

    /** The batch buffer, opened if needed, with room for {@code bytes} more (it grows if the estimate was short). */
    ByteBuf open(ChannelHandlerContext ctx, int bytes) {
        if (buffer != null && buffer.readableBytes() + bytes > MAX_BATCH_BYTES) {
            forward(ctx);
        }
        if (buffer == null) {
            // As large as the last batch, or, for the first, with room for a small body after the head, so that
            // copying one next to it does not reallocate.
            int expected = lastBatchBytes < 0 ? bytes + MAX_COPY_BYTES : Math.max(bytes, lastBatchBytes);
            ByteBufAllocator allocator = ctx.alloc();
            buffer = allocator == askedOf ? SpareBatchBuffer.take(madeBy, expected) : null;
            if (buffer == null) {
                buffer = allocator.ioBuffer(expected);
                askedOf = allocator;
                madeBy = buffer.alloc();
            }
        }
        return buffer;
    }

    /** The line buffer, cleared, in which to assemble a head or a trailer section for {@link #appendLines}. */
    LineBuffer lines() {
        if (lines == null) {
            lines = SPARE_LINES.take();
        }
        return lines.clear();
    }

    /**
     * Copies what was assembled in {@link #lines()} into the batch, opened if needed, and attaches {@code promise};
     * the line buffer goes back to the spare.
     */
    void appendLines(ChannelHandlerContext ctx, ChannelPromise promise) {
        LineBuffer assembled = lines;
        lines = null; // opening the batch may write the last one, and a handler that writes again assembles elsewhere
        try {
            append(ctx, assembled.array(), assembled.length(), promise);
        } finally {
            SPARE_LINES.giveBack(assembled);
        }
    }

    /** Copies the first {@code length} bytes of {@code bytes} into the batch, opened if needed; attaches a promise. */
    void append(ChannelHandlerContext ctx, byte[] bytes, int length, ChannelPromise promise) {
        open(ctx, length).writeBytes(bytes, 0, length);
        attach(promise);
    }

    /**
     * Completes {@code promise} when the open batch is written. A void promise is not kept: it has nothing to complete
     * (combining it with others cost a notifier, an array and a promise per batch; PipelineBenchmark in http-tests).
     */
    void attach(ChannelPromise promise) {
        assert buffer != null : "attach without an open batch";
        if (promise.isVoid()) {
            voidAttached = true;
        } else {
            promises.add(promise);
        }
    }

    /** Writes owned {@code content}: copied into an open batch if small, else after the batch. */
    void content(ChannelHandlerContext ctx, ByteBuf content, ChannelPromise promise) {
        int bytes = content.readableBytes();
        if (buffer != null && bytes <= MAX_COPY_BYTES && buffer.readableBytes() + bytes <= MAX_BATCH_BYTES) {
            copy(content, bytes);
            content.release(); // R4: the bytes live on in the batch
            attachIfAny(promise);
        } else {
            passOn(ctx, content, promise);
        }
    }

    /** Appends {@code bytes} readable bytes of {@code source} to the batch, leaving the source's indexes alone. */
    private void copy(ByteBuf source, int bytes) {
        if (source.hasArray()) {
            // From the array: copying a heap buffer into a direct one otherwise goes through a new NIO view.
            buffer.writeBytes(source.array(), source.arrayOffset() + source.readerIndex(), bytes);
            return;
        }
        // The source copies: a direct source copies memory to memory, where the adaptive allocator's buffer, asked to
        // take the bytes, makes an NIO view of any source but its own kind (EncoderBenchmark CHUNKED_4X1K, a read-only
        // shared chunk: two views per chunk, 1,713 bytes allocated per response).
        buffer.ensureWritable(bytes);
        int at = buffer.writerIndex();
        source.getBytes(source.readerIndex(), buffer, at, bytes);
        buffer.writerIndex(at + bytes);
    }

    /** Writes the batch, then owned {@code msg} unchanged. */
    void passOn(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        forward(ctx);
        ctx.write(msg, promise != null ? promise : ctx.newPromise());
    }

    /** Writes a shared constant: copied into an open batch, else written as a duplicate (R5). */
    void constant(ChannelHandlerContext ctx, ByteBuf constant, ChannelPromise promise) {
        int bytes = constant.readableBytes();
        if (buffer != null && buffer.readableBytes() + bytes <= MAX_BATCH_BYTES) {
            copy(constant, bytes);
            attachIfAny(promise);
        } else {
            passOn(ctx, constant.duplicate(), promise);
        }
    }

    /**
     * Completes {@code promise} after everything written before it, for a message that adds no bytes; an empty
     * buffer carries it when no batch is open.
     */
    void nothing(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (buffer != null) {
            attach(promise);
        } else {
            ctx.write(Unpooled.EMPTY_BUFFER, promise);
        }
    }

    /** Writes the open batch, if any, completing every promise attached to it. */
    void forward(ChannelHandlerContext ctx) {
        if (buffer == null) {
            return;
        }
        ByteBuf out = buffer;
        buffer = null;
        lastBatchBytes = out.readableBytes();
        if (!out.isReadable() && promises.isEmpty() && !voidAttached) {
            SpareBatchBuffer.keep(out); // opened for a head that was then refused: nothing to write, nobody to tell
            return;
        }
        ChannelPromise promise = takePromise(ctx);
        SpareBatchBuffer.share(out); // opened again once the transport lets go of it
        ctx.write(out, promise);
    }

    private void attachIfAny(ChannelPromise promise) {
        if (promise != null) {
            attach(promise);
        }
    }

    private ChannelPromise takePromise(ChannelHandlerContext ctx) {
        int count = promises.size();
        boolean voids = voidAttached;
        voidAttached = false;
        if (count == 0) {
            // Only void promises: their writers chose to hear of a failure through exceptionCaught, so this write may.
            return voids ? ctx.voidPromise() : ctx.newPromise();
        }
        if (count == 1) {
            // The batch may carry other writers' bytes (void promises), and its own piece cannot be taken back out of
            // it without breaking the framing: a promise cancelled since its write, which the transport would answer
            // by dropping the whole buffer, is not the carrier. Netty's ChannelOutboundBuffer makes it uncancellable
            // at the flush anyway; h1's own EndPromise never is cancellable.
            ChannelPromise only = promises.remove(0);
            if (only.setUncancellable() && !only.isDone()) {
                return only;
            }
            return voids ? ctx.voidPromise() : ctx.newPromise();
        }
        ChannelPromise all = ctx.newPromise();
        all.addListener(new PromiseFanOut(promises.toArray(new ChannelPromise[0])));
        promises.clear();
        return all;
    }
}
