package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.EncoderConfig;
import dev.h1.codec.EndOfResponse;
import dev.h1.codec.FullResponse;
import dev.h1.codec.HttpResponsePart;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.InformationalResponse;
import dev.h1.codec.ResponseContent;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.codec.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;

/**
 * Turns typed response messages ({@link HttpResponsePart}s and {@link FileRegion} bodies) into HTTP/1.1 bytes:
 * status line, validated fields, {@code Date}, and a body framing chosen once per head (Content-Length, chunked,
 * close-delimited or none). See {@code docs/ENCODER.md} for the rules.
 *
 * <pre>
 * p.addLast("h1-decoder", new RequestDecoder(DecoderConfig.defaults()));
 * p.addLast("h1-encoder", new ResponseEncoder(EncoderConfig.defaults()));
 * p.addLast("app", handler);   // writes InformationalResponse*, then ResponseHead, ResponseContent* | FileRegion*,
 *                               // EndOfResponse; or a FullResponse
 * </pre>
 *
 * <p><b>Flushing</b> stays with the caller: the encoder never flushes on its own, and it keeps small bytes back until
 * the next flush so that a head and a small body leave as one buffer and pipelined responses share a write. The only
 * exception is a framing error that closes the connection: it flushes what was written first.
 *
 * <p><b>Refused writes</b> write nothing; the message is released and the promise fails with a
 * {@link ResponseEncodeException} naming the broken rule ({@link EncodeError}). Only
 * {@link EncodeError#closesConnection()} errors close the connection; after the others the caller may go on, for
 * example with a 500 head when the refused message was a head.
 *
 * <p><b>Pipeline position:</b> outbound messages travel from the tail towards the head, so the encoder goes anywhere
 * between the head (or a TLS handler) and the handler that writes responses, usually right after the
 * {@link dev.h1.codec.decoder.RequestDecoder}. A handler after it writes with {@code ctx.write(..)}; one before it
 * must write with {@code ctx.channel().write(..)}.
 *
 * <p><b>Ownership:</b> writing a message hands it to the encoder. Content ({@link ResponseContent},
 * {@link FileRegion}) is passed on when large, or copied and released when small; a refused message is released at
 * once. Do not touch a message after writing it. The encoder's own constant bytes are shared read-only buffers that
 * it writes as duplicates and never releases. The buffers it writes its bytes in are opened again, on the same event
 * loop, once nobody but the encoder holds a reference ({@code refCnt() == 1}): a handler between the encoder and the
 * transport that keeps a written buffer, or a view of it, must retain it, as Netty's reference counting asks.
 *
 * <p><b>Threading:</b> one instance per channel, used only on its event loop (not {@code @Sharable}); writes from
 * other threads reach it through Netty's hand-off to the event loop.
 */
public final class ResponseEncoder extends ChannelOutboundHandlerAdapter {

    private final Clock clock;
    private final byte[] serverLine;
    private final WriteBatch batch = new WriteBatch();
    /** The counter of every Content-Length body, one at a time (see {@link FixedLength#FixedLength}). */
    private final FixedLength lengthCounter = new FixedLength(0);
    /** The last head written, copied again whole when the next is made of the same strings. */
    private final LastHead lastHead = new LastHead();
    private EncoderState state = EncoderState.AWAITING_HEAD;
    private BodyEncoder body;
    /**
     * The Date line of the heads written since the last flush, or null: responses that leave together carry the time
     * read for the first of them. One clock read per flush instead of one per head (PipelineBenchmark h1Pipelined16 in
     * http-tests, perf: 27 ns of 975 per request went to reading the clock, 20 to 25 ns a read on this project's VM).
     */
    private byte[] batchDate;

    /** An encoder with {@link EncoderConfig#defaults()}. */
    public ResponseEncoder() {
        this(EncoderConfig.defaults());
    }

    /**
     * An encoder with the given options.
     *
     * @param config the {@code Server} field and the clock of the {@code Date} field
     */
    public ResponseEncoder(EncoderConfig config) {
        Objects.requireNonNull(config, "config");
        this.clock = config.clock();
        this.serverLine = config.server() == null ? null
                : ("Server: " + config.server() + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        try {
            encode(ctx, msg, promise);
        } catch (ResponseEncodeException refused) {
            refuse(ctx, msg, promise, refused);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        batchDate = null;
        batch.forward(ctx);
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        // Like any write not yet flushed, held bytes are written and then dropped by the transport's close.
        batch.forward(ctx);
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // Leaving the pipeline (UpgradeHandoff, or the channel closed): the held bytes, such as the 101 head, still go
        // out, in order; the event loop's spare buffer is let go of, so that a loop whose connections all closed holds
        // no memory of their allocator.
        batch.forward(ctx);
        SpareBatchBuffer.drop();
    }

    /**
     * Whether a head that ends HTTP on this connection (101, 2xx to CONNECT) was written; see {@link UpgradeHandoff}.
     */
    boolean isSwitched() {
        return state == EncoderState.SWITCHED;
    }

    private void encode(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // The final classes first: each is one comparison of the class, where a test against the FileRegion interface
        // searches the message class's interfaces when a server sends several kinds, and fails for all of these.
        // EncoderBenchmark FIXED_13 in http-tests, 13 interleaved rounds: faster in 10, median 3.93 to 4.18 million
        // responses a second.
        if (msg instanceof ResponseContent content) {
            writeContent(ctx, content.content(), promise);
        } else if (msg instanceof FullResponse full) {
            writeFull(ctx, full, promise);
        } else if (msg instanceof ResponseHead head) {
            writeHead(ctx, head, promise);
        } else if (msg instanceof EndOfResponse end) {
            writeEnd(ctx, end, promise);
        } else if (msg instanceof FileRegion region) {
            writeRegion(ctx, region, promise);
        } else if (msg instanceof InformationalResponse informational) {
            writeInformational(ctx, informational, promise);
        } else {
            // Unframed bytes would corrupt the message framing (response splitting), so nothing else passes.
            throw new ResponseEncodeException(EncodeError.UNEXPECTED_MESSAGE,
                    "not a response part: " + msg.getClass().getName());
        }
    }

    private void writeInformational(ChannelHandlerContext ctx, InformationalResponse response, ChannelPromise promise) {
        expect(EncoderState.AWAITING_HEAD, response);
        if (response.status() == HttpStatus.CONTINUE.code() && response.headers().isEmpty()) {
            batch.constant(ctx, WireConstants.CONTINUE, promise);
            return;
        }
        FieldSyntax.checkFields(response.headers());
        // RFC 9110 §8.6, RFC 9112 §6.1: a 1xx never carries Content-Length or Transfer-Encoding.
        if (response.headers().contains("Content-Length") || response.headers().contains("Transfer-Encoding")) {
            throw new ResponseEncodeException(EncodeError.FRAMING_NOT_ALLOWED,
                    "status " + response.status() + " must not carry Content-Length or Transfer-Encoding");
        }
        HeadWriter.writeInformational(batch.lines(), response);
        batch.appendLines(ctx, promise);
    }

    private void writeHead(ChannelHandlerContext ctx, ResponseHead head, ChannelPromise promise) {
        expect(EncoderState.AWAITING_HEAD, head);
        // RFC 9110 §15.2: HTTP/1.0 has no 1xx responses, so a 101 cannot answer it.
        if (head.status() == HttpStatus.SWITCHING_PROTOCOLS.code() && head.requestVersion() != HttpVersion.HTTP_1_1) {
            throw new ResponseEncodeException(EncodeError.STATUS_NOT_ALLOWED, "101 to an HTTP/1.0 request");
        }
        boolean same = lastHead.matches(head);
        // The clock is read only when the Date line may be written: a head like the last one that has its own Date
        // field does without (the clock read cost about 30 ns of ~300 per response in EncoderBenchmark FIXED_13).
        byte[] date = same && lastHead.hasOwnDate() ? null : dateLine(head);
        BodyEncoder framing;
        if (same && (lastHead.hasOwnDate() || date == lastHead.date() || lastHead.redate(date))) {
            framing = lastHead.body(lengthCounter); // the same instances as the last head: the same checks, bytes
            batch.append(ctx, lastHead.bytes(), lastHead.length(), promise);
        } else {
            framing = writeNewHead(ctx, head, date, promise);
        }
        body = framing;
        state = head.switchesProtocols() ? EncoderState.SWITCHED : EncoderState.AWAITING_BODY;
    }

    /**
     * RFC 9110 §6.6.1: an origin server with a clock sends Date in every final response unless one is given, or the
     * application said it has no reliable clock (sendDate false). HeadWriter leaves out the Date and Server lines when
     * the head has its own. The clock is read once per flush ({@link #batchDate}).
     */
    private byte[] dateLine(ResponseHead head) {
        if (!head.sendDate()) {
            return null;
        }
        if (batchDate == null) {
            batchDate = DateCache.line(clock.millis());
        }
        return batchDate;
    }

    /** Checks, frames and writes a head unlike the last one, and remembers it; returns its body framing. */
    private BodyEncoder writeNewHead(ChannelHandlerContext ctx, ResponseHead head, byte[] date,
                                     ChannelPromise promise) {
        // The registered phrase (HttpStatus's own String, or an equal one) is valid text: checking it again showed in
        // the profile of EncoderBenchmark FIXED_13 in http-tests.
        if (!head.reason().equals(HttpStatus.reasonPhrase(head.status()))) {
            FieldSyntax.checkReason(head.reason());
        }
        BodyEncoder framing = BodyEncoder.of(head, lengthCounter);
        // Assembled whole before it is copied into the batch: nothing of a refused head reaches the wire.
        LineBuffer lines = batch.lines();
        int has = HeadWriter.writeHead(lines, head, framing.addedFields(), serverLine, date);
        lastHead.remember(head, date, (has & HeadWriter.HAS_DATE) != 0, framing, lines.array(), lines.length());
        batch.appendLines(ctx, promise);
        return framing;
    }

    /**
     * The head, the content and the end in turn. A refused head throws before anything is written, and {@link #refuse}
     * releases the message. Content refused once its head is written leaves a response that cannot be completed:
     * the write fails and the connection closes after the head (RFC 9112 §8: the client sees it incomplete).
     */
    private void writeFull(ChannelHandlerContext ctx, FullResponse full, ChannelPromise promise) {
        if (full.head().switchesProtocols()) {
            throw new ResponseEncodeException(EncodeError.BODY_NOT_ALLOWED,
                    "a whole response cannot switch protocols: write its head alone, then remove the encoder");
        }
        writeHead(ctx, full.head(), ctx.voidPromise()); // the one promise, the end's, completes after the head's bytes
        ByteBuf content = full.content();
        if (!content.isReadable()) {
            content.release();
        } else {
            try {
                body.content(ctx, batch, content, ctx.voidPromise());
            } catch (ResponseEncodeException refused) { // thrown before the body encoder took the content
                content.release();
                batch.nothing(ctx, closeWhenWritten(ctx, promise, refused));
                flush(ctx);
                return;
            }
        }
        writeEnd(ctx, EndOfResponse.NO_TRAILERS, promise);
    }

    private void writeContent(ChannelHandlerContext ctx, ByteBuf content, ChannelPromise promise) {
        expectBody(content);
        if (!content.isReadable()) {
            // Zero-length writes are no-ops in every framing: a zero-size chunk would end a chunked body.
            content.release();
            batch.nothing(ctx, promise);
            return;
        }
        body.content(ctx, batch, content, promise);
    }

    private void writeRegion(ChannelHandlerContext ctx, FileRegion region, ChannelPromise promise) {
        expectBody(region);
        if (region.count() == 0) {
            region.release();
            batch.nothing(ctx, promise);
            return;
        }
        body.region(ctx, batch, region, promise);
    }

    private void writeEnd(ChannelHandlerContext ctx, EndOfResponse end, ChannelPromise promise) {
        if (state == EncoderState.SWITCHED) {
            NoBody.INSTANCE.checkEnd(end.trailers());
            batch.nothing(ctx, promise);
            return;
        }
        expect(EncoderState.AWAITING_BODY, end);
        BodyEncoder ending = body;
        Ending outcome = ending.checkEnd(end.trailers());
        if (!outcome.closesConnection()) {
            ending.writeEnd(ctx, batch, end.trailers(), promise);
            body = null;
            state = EncoderState.AWAITING_HEAD;
            return;
        }
        ending.writeEnd(ctx, batch, end.trailers(), closeWhenWritten(ctx, promise, outcome.failure()));
        if (outcome.failure() != null) {
            flush(ctx); // RFC 9112 §8: the client must see the message end short, not wait for the missing bytes
        }
    }

    private void refuse(ChannelHandlerContext ctx, Object msg, ChannelPromise promise,
                        ResponseEncodeException refused) {
        ReferenceCountUtil.release(msg); // R4: a dropped message is released at once
        if (!refused.error().closesConnection() || state == EncoderState.CLOSING) {
            promise.tryFailure(refused);
            return;
        }
        // RFC 9112 §6.2: excess content would be read as the next response. Flush what came before, then close.
        batch.nothing(ctx, closeWhenWritten(ctx, promise, refused));
        flush(ctx);
    }

    /**
     * A promise for the last bytes of a connection: once they are written it completes {@code promise} (failed
     * with {@code failure} if given) and then closes. Completing the caller's promise only then means a listener
     * that closes on failure cannot drop the bytes written before.
     */
    private ChannelPromise closeWhenWritten(ChannelHandlerContext ctx, ChannelPromise promise,
                                            ResponseEncodeException failure) {
        state = EncoderState.CLOSING;
        body = null;
        ChannelPromise written = ctx.newPromise();
        written.addListener(future -> {
            if (failure != null) {
                promise.tryFailure(failure);
            } else if (future.isSuccess()) {
                promise.trySuccess();
            } else {
                promise.tryFailure(future.cause());
            }
            ctx.close();
        });
        return written;
    }

    private void expectBody(Object msg) {
        if (state == EncoderState.SWITCHED) {
            throw new ResponseEncodeException(EncodeError.BODY_NOT_ALLOWED,
                    "content after a head that switched protocols; remove the encoder first (UpgradeHandoff)");
        }
        expect(EncoderState.AWAITING_BODY, msg);
    }

    private void expect(EncoderState expected, Object msg) {
        if (state == expected) {
            return;
        }
        if (state == EncoderState.CLOSING) {
            throw new ResponseEncodeException(EncodeError.CONNECTION_CLOSING,
                    msg.getClass().getSimpleName() + " after the response that closes the connection");
        }
        throw new ResponseEncodeException(EncodeError.UNEXPECTED_MESSAGE,
                msg.getClass().getSimpleName() + " while " + state);
    }
}
