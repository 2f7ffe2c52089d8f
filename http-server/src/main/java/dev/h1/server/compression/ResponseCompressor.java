package dev.h1.server.compression;

import dev.h1.codec.EncodeError;
import dev.h1.codec.EndOfResponse;
import dev.h1.codec.FullResponse;
import dev.h1.codec.RequestHead;
import dev.h1.codec.ResponseContent;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.codec.ResponseFraming;
import dev.h1.codec.ResponseHead;
import dev.h1.server.CompressionConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.PromiseCombiner;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compresses response bodies with gzip or deflate, as each request's {@code Accept-Encoding} prefers and
 * {@link CompressionConfig} allows. It sits between the response encoder and the connection, where it sees each
 * request head on its way in and each response on its way out:
 * <pre>
 * p.addLast("h1-decoder", decoder).addLast("h1-encoder", encoder)
 *  .addLast("h1-compressor", new ResponseCompressor(config))      // only with compression configured
 *  .addLast("h1-connection", connection);
 * </pre>
 *
 * <p><b>How.</b> The coding each request accepts is queued as its head passes (responses go out in request order, one
 * per request head, so with pipelining the queue pairs them). A response's head is {@link Decision decided} once; a
 * head to compress is held until the body's first piece, its end or a flush: a file region (zero-copy
 * {@code sendFile}) that comes first is sent as it is, since its bytes never pass through the JVM. Once compressing,
 * each {@link ResponseContent} is compressed as it passes and released, and its compressed bytes go on at once; a
 * flush first flushes the deflater (zlib's sync flush), so what the application flushed can be decoded by the client
 * at once; {@link EndOfResponse} finishes the stream. The body is never buffered whole, and the channel's
 * back-pressure applies to the compressed bytes. A file region after a compressed head was flushed cannot be
 * compressed: its write fails and the connection closes. A body that does not match the Content-Length the
 * application declared closes the connection too, as the encoder would have done. After a head that switches
 * protocols the compressor removes itself. A {@link FullResponse} is taken as the head, content and end it stands for.
 *
 * <p><b>Resources.</b> A compressed body holds a {@link java.util.zip.Deflater}'s native memory from its first piece
 * to its end; it is freed at the end, and on every other path: the connection closing, this handler being removed, a
 * failure while compressing.
 *
 * <p><b>Threading.</b> Event loop only, like every handler of a channel. <b>Buffers.</b> Content written to it is
 * released once compressed; the compressed pieces are new pooled buffers, handed on to the encoder as
 * {@link ResponseContent}. Anything it drops (after a failure) is released.
 */
public final class ResponseCompressor extends ChannelDuplexHandler {

    /** Where the response being written is. */
    private enum Phase {
        /** Between responses, or in one that is not compressed: everything passes. */
        PASSING,
        /** A head to compress waits for the body's first piece, its end or a flush. */
        HEAD_HELD,
        /** The body is being compressed. */
        COMPRESSING,
        /** Compressing failed: the connection is closing, and the rest of the response is dropped. */
        FAILED
    }

    private final CompressionConfig config;
    private final DeflaterFactory deflaters;
    /** The coding each request answered next accepts, in request order. */
    private final ArrayDeque<ContentCoding> accepted = new ArrayDeque<>(2);
    /** Scratch list for the pieces of one step; always empty between calls. */
    private final List<ByteBuf> pieces = new ArrayList<>(4);
    private Phase phase = Phase.PASSING;
    private ResponseHead heldHead;
    private ChannelPromise heldPromise;
    private ContentCoding coding;
    private CompressedBody body;
    /**
     * The Content-Length the application declared for a body now compressed, or -1: the compressed body goes out
     * chunked, so the encoder can no longer hold the application to it, and this handler does (RFC 9112 §6.2, §8).
     */
    private long declaredLength = -1;
    /** Uncompressed bytes of the body so far. */
    private long bodyBytes;

    /**
     * A compressor for one channel.
     *
     * @param config the compression options
     */
    public ResponseCompressor(CompressionConfig config) {
        this(config, DeflaterFactory.JDK);
    }

    ResponseCompressor(CompressionConfig config, DeflaterFactory deflaters) {
        this.config = Objects.requireNonNull(config, "config");
        this.deflaters = deflaters;
    }

    // ---- inbound: what each request accepts ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof RequestHead head) {
            accepted.add(AcceptEncoding.negotiate(head.headers().getAll("Accept-Encoding")));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    // ---- outbound: the responses ----

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ResponseHead head) {
            writeHead(ctx, head, promise);
        } else if (msg instanceof ResponseContent content) {
            writeContent(ctx, content, promise);
        } else if (msg instanceof EndOfResponse end) {
            writeEnd(ctx, end, promise);
        } else if (msg instanceof FileRegion region) {
            writeRegion(ctx, region, promise);
        } else if (msg instanceof FullResponse full) {
            // Taken as the three messages it stands for; the content's reference moves to the ResponseContent.
            writeHead(ctx, full.head(), ctx.voidPromise());
            writeContent(ctx, new ResponseContent(full.content()), ctx.voidPromise());
            writeEnd(ctx, EndOfResponse.NO_TRAILERS, promise);
        } else {
            ctx.write(msg, promise); // 1xx, and whatever a protocol after an upgrade writes
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (phase == Phase.HEAD_HELD) {
            startCompressing(ctx); // the head must go out now: the application flushed it
        }
        if (phase == Phase.COMPRESSING) {
            try {
                body.flush(pieces);
                writePieces(ctx, ctx.voidPromise());
            } catch (RuntimeException e) {
                fail(ctx, ctx.voidPromise(), e);
            }
        }
        ctx.flush();
    }

    private void writeHead(ChannelHandlerContext ctx, ResponseHead head, ChannelPromise promise) {
        ContentCoding requested = accepted.isEmpty() ? ContentCoding.IDENTITY : accepted.poll();
        sendHeld(ctx); // a head before the last one's end: the encoder refuses the sequence; nothing is kept from it
        closeBody();
        phase = Phase.PASSING;
        Decision decision = Decision.of(head, requested, config);
        switch (decision) {
            case SWITCHES_PROTOCOLS -> {
                ctx.write(head, promise);
                ctx.pipeline().remove(this); // HTTP ends: the next protocol's bytes pass untouched
            }
            case COMPRESS -> {
                heldHead = head;
                heldPromise = promise;
                coding = requested;
                phase = Phase.HEAD_HELD;
            }
            default -> ctx.write(decision.varies() ? EncodedFields.varying(head) : head, promise);
        }
    }

    private void writeContent(ChannelHandlerContext ctx, ResponseContent content, ChannelPromise promise) {
        switch (phase) {
            case PASSING -> ctx.write(content, promise);
            case HEAD_HELD, COMPRESSING -> {
                if (phase == Phase.HEAD_HELD) {
                    startCompressing(ctx);
                }
                bodyBytes += content.content().readableBytes();
                if (declaredLength >= 0 && bodyBytes > declaredLength) {
                    fail(ctx, promise, new ResponseEncodeException(EncodeError.BODY_TOO_LONG, "body longer than its "
                            + "Content-Length " + declaredLength), content);
                    return;
                }
                try {
                    body.compress(content.content(), pieces); // releases the content
                    writePieces(ctx, promise);
                } catch (RuntimeException e) {
                    fail(ctx, promise, e);
                }
            }
            case FAILED -> drop(content, promise);
        }
    }

    private void writeEnd(ChannelHandlerContext ctx, EndOfResponse end, ChannelPromise promise) {
        switch (phase) {
            case PASSING -> ctx.write(end, promise);
            case HEAD_HELD -> {
                sendHeld(ctx); // no body: nothing to compress
                ctx.write(end, promise);
            }
            case COMPRESSING -> {
                if (declaredLength >= 0 && bodyBytes != declaredLength) {
                    // A complete-looking chunked end would hide the truncation: close instead, as the encoder would.
                    fail(ctx, promise, new ResponseEncodeException(EncodeError.BODY_TOO_SHORT, "body of " + bodyBytes
                            + " bytes ended before its Content-Length " + declaredLength));
                    return;
                }
                try {
                    body.finish(pieces); // ends the deflater
                    writePieces(ctx, ctx.voidPromise());
                    body = null;
                    phase = Phase.PASSING;
                    ctx.write(end, promise);
                } catch (RuntimeException e) {
                    fail(ctx, promise, e);
                }
            }
            case FAILED -> drop(end, promise);
        }
    }

    private void writeRegion(ChannelHandlerContext ctx, FileRegion region, ChannelPromise promise) {
        switch (phase) {
            case PASSING -> ctx.write(region, promise);
            case HEAD_HELD -> {
                sendHeld(ctx); // zero-copy: the file's bytes go from the page cache to the socket, uncompressed
                ctx.write(region, promise);
            }
            case COMPRESSING -> fail(ctx, promise, new IllegalStateException(
                    "a file region cannot follow a compressed head that was already flushed"), region);
            case FAILED -> drop(region, promise);
        }
    }

    /** Writes the held head for a compressed body and starts the deflater. */
    private void startCompressing(ChannelHandlerContext ctx) {
        declaredLength = heldHead.headers().contains("Content-Length")
                ? ResponseFraming.contentLength(heldHead.headers()) : -1;
        bodyBytes = 0;
        ResponseHead head = EncodedFields.encoded(heldHead, coding);
        ChannelPromise promise = heldPromise;
        heldHead = null;
        heldPromise = null;
        body = CompressedBody.start(coding, config.level(), deflaters, ctx.alloc());
        phase = Phase.COMPRESSING;
        ctx.write(head, promise);
    }

    /** Writes the held head as it is (with Vary), for a body that is not compressed after all. */
    private void sendHeld(ChannelHandlerContext ctx) {
        if (phase == Phase.HEAD_HELD) {
            ResponseHead head = EncodedFields.varying(heldHead);
            ChannelPromise promise = heldPromise;
            heldHead = null;
            heldPromise = null;
            phase = Phase.PASSING;
            ctx.write(head, promise);
        }
    }

    /** Writes the pieces of one step, completing {@code promise} when the last is written (at once if none). */
    private void writePieces(ChannelHandlerContext ctx, ChannelPromise promise) {
        int count = pieces.size();
        if (count == 0) {
            promise.trySuccess();
        } else if (count == 1 || promise.isVoid()) {
            for (int i = 0; i < count - 1; i++) {
                ctx.write(new ResponseContent(pieces.get(i)), ctx.voidPromise());
            }
            ctx.write(new ResponseContent(pieces.get(count - 1)), promise);
        } else {
            PromiseCombiner combiner = new PromiseCombiner(ctx.executor());
            for (ByteBuf piece : pieces) {
                combiner.add(ctx.write(new ResponseContent(piece)));
            }
            combiner.finish(promise);
        }
        pieces.clear();
    }

    /**
     * The body cannot be completed: the deflater is freed, {@code promise} fails, and the connection closes, since a
     * client must see a cut-short body as incomplete (RFC 9112 §8). {@code dropped} are released.
     */
    private void fail(ChannelHandlerContext ctx, ChannelPromise promise, Throwable cause, Object... dropped) {
        for (Object message : dropped) {
            ReferenceCountUtil.release(message);
        }
        closeBody();
        phase = Phase.FAILED;
        promise.tryFailure(cause);
        ctx.close();
    }

    private static void drop(Object message, ChannelPromise promise) {
        ReferenceCountUtil.release(message);
        promise.tryFailure(new ClosedChannelException());
    }

    /** The connection is gone or this handler leaves: free the deflater, fail a held head. */
    private void release() {
        closeBody();
        if (heldPromise != null && !heldPromise.isVoid()) { // a void one would report the close as an exception
            heldPromise.tryFailure(new ClosedChannelException());
        }
        heldHead = null;
        heldPromise = null;
        accepted.clear();
        phase = Phase.PASSING;
    }

    private void closeBody() {
        if (body != null) {
            body.close();
            body = null;
        }
    }

    /** Whether a deflater is held now; for tests. */
    boolean isCompressing() {
        return body != null && body.isOpen();
    }

    @Override
    public String toString() {
        return "ResponseCompressor(" + phase + ")";
    }
}
