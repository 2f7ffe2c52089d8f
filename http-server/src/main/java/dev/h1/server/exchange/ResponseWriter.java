package dev.h1.server.exchange;

import dev.h1.codec.EndOfResponse;
import dev.h1.codec.FullResponse;
import dev.h1.codec.HttpResponsePart;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.InformationalResponse;
import dev.h1.codec.RequestHead;
import dev.h1.codec.ResponseContent;
import dev.h1.codec.ResponseFraming;
import dev.h1.codec.ResponseHead;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.WriteCallback;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The write side of an exchange: turns what the application claimed in its {@link ResponseDraft} into messages for
 * the response encoder, in order, and knows how far the response has come on the wire ({@link WriteState}). The base
 * of the response facade ({@link ResponseClaims}, {@link DefaultServerResponse}), as {@link RequestBody} is of the
 * request's: the facade is the writer's state too, so an exchange makes one object for its response side, not two
 * (PipelineBenchmark in http-tests counts the bytes per exchange).
 *
 * <p>Head, body pieces and file regions are written without a promise (unless the application listens to a piece's
 * write, {@link #writeNow(ByteBuf, WriteCallback)}); the end is written with one, an {@link EndPromise}, through which
 * the {@link Exchange} learns when the last byte has reached the transport. Only then is the exchange over, and only
 * then may the connection's keep-alive timer run or a graceful shutdown close it.
 *
 * <p><b>Threading.</b> Event loop only, except {@link #finished()}, {@link #isAborted()},
 * {@link #isWritableForCaller()} and {@link #addQueued}, which any thread may call. <b>Buffers.</b> Every buffer
 * handed in is written or released.
 */
abstract class ResponseWriter {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ResponseWriter.class);
    private static final AtomicReferenceFieldUpdater<ResponseWriter, DrainListeners> DRAIN =
            AtomicReferenceFieldUpdater.newUpdater(ResponseWriter.class, DrainListeners.class, "drain");

    /** About the bytes of a status line, Date, Transfer-Encoding and the empty line, which the encoder writes. */
    private static final int ENCODER_ADDS = 96;
    /** What a call learns when the connection closed before the response ended. */
    private static final String CLOSED_FIRST = "connection closed before the response ended";

    final Exchange exchange;
    /**
     * Completes when the last byte is written. A plain future, created with the writer: {@code end()} returns it, so
     * nearly every response asks for it anyway.
     */
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile DrainListeners drain;
    private WriteState state = WriteState.IDLE;
    /** How the head that went out frames the body; null before. */
    private ResponseFraming framing;

    ResponseWriter(Exchange exchange) {
        this.exchange = exchange;
    }

    /** The connection, and below the request, through the exchange: a field is 4 bytes more per exchange. */
    private ExchangeHost host() {
        return exchange.host();
    }

    private RequestHead request() {
        return exchange.head();
    }

    /** The response's draft, which the writer follows. */
    abstract ResponseDraft draft();

    /** Claims the response for the server's error answer; false if the application already fixed the head. */
    abstract boolean claimForError(int code);

    /** Applies, in call order, the work that calls from other threads left in the draft. Event loop. */
    abstract void applyPending();

    // ---- any thread ----

    /** Completes when the last byte is written; fails if the connection closed first. Any thread. */
    public CompletionStage<Void> finished() {
        return finished;
    }

    /** Whether the connection closed before the response's last byte was written. Any thread. */
    public boolean isAborted() {
        return finished.isCompletedExceptionally();
    }

    /**
     * Whether a caller may write on: the channel is writable and the bytes claimed on other threads, not yet written
     * by the event loop (counted in the {@link DrainListeners}), fit before its high-water mark. If not, the drain
     * listeners run when the channel is writable again.
     */
    boolean isWritableForCaller() {
        Channel channel = host().context().channel();
        DrainListeners listeners = drain;
        long queued = listeners == null ? 0 : listeners.queuedBytes();
        if (channel.isWritable() && queued < channel.bytesBeforeUnwritable()) {
            return true;
        }
        drainListeners().request(channel); // Node: 'drain' follows a write() that returned false
        return false;
    }

    /** Counts {@code delta} more (or, negative, fewer) claimed body bytes waiting for the event loop. Any thread. */
    void addQueued(long delta) {
        drainListeners().addQueued(delta);
    }

    // ---- event loop ----

    boolean isEnded() {
        return state.isEnded();
    }

    boolean isFinished() {
        return state.isFinished();
    }

    /** Writes the head if it is not written yet; returns about the bytes it takes on the wire, or 0. */
    long writeHeadNow() {
        return state == WriteState.IDLE ? sendHead(-1) : 0;
    }

    void flushHeadNow() {
        writeHeadNow();
        host().context().flush();
    }

    void writeNow(ByteBuf data) {
        if (!state.isOpen()) {
            data.release();
            return;
        }
        long bytes = writeHeadNow() + data.readableBytes();
        writeContent(data);
        host().exchangeActive();
        host().flushSoon(bytes); // at once if what is held reaches the high-water mark: write() reports writability
    }

    /**
     * {@link #writeNow(ByteBuf)}, and {@code callback} learns when the piece reached the transport: the one body
     * write with a promise, made only for a caller who listens.
     */
    void writeNow(ByteBuf data, WriteCallback callback) {
        if (!state.isOpen()) {
            data.release();
            notify(callback, new IllegalStateException(state == WriteState.ABORTED ? CLOSED_FIRST : "write after end"));
            return;
        }
        writeHeadNow();
        if (!isBody(data)) {
            notify(callback, null); // no body to write: the piece is done with at once
            return;
        }
        ChannelHandlerContext ctx = host().context();
        ctx.writeAndFlush(new ResponseContent(data)).addListener(future -> notify(callback, future.cause()));
        host().exchangeActive();
    }

    private void notify(WriteCallback callback, Throwable failure) {
        try {
            callback.onComplete(failure);
        } catch (RuntimeException e) {
            exchange.failApplication(e);
        }
    }

    void endNow(ByteBuf data) {
        if (!state.isOpen()) {
            if (data != null) {
                data.release();
            }
            return;
        }
        ResponseDraft draft = draft();
        if (state == WriteState.IDLE && !draft.hasTrailers()) {
            endWhole(draft, data);
        } else {
            if (state == WriteState.IDLE) {
                sendHead(draft.lengthToAnnounce(request(), data));
            }
            if (data != null) {
                writeContent(data);
            }
            writeEnd(draft);
        }
        host().exchangeActive();
    }

    /**
     * The whole response in one message, when nothing of it was written yet: one pass through the pipeline instead of
     * three (PipelineBenchmark in http-tests: each message is a pass through every outbound handler).
     */
    private void endWhole(ResponseDraft draft, ByteBuf data) {
        ResponseHead head = head(draft, draft.lengthToAnnounce(request(), data));
        writeEnd(new FullResponse(head, data != null && isBody(data) ? data : Unpooled.EMPTY_BUFFER));
    }

    void sendFileNow(FileSender sender) {
        if (!state.isOpen()) {
            sender.close();
            return;
        }
        ResponseDraft draft = draft();
        if (state == WriteState.IDLE) {
            // RFC 9110 §8.6: a 204 carries no Content-Length; a HEAD or 304 answer announces the file's length.
            boolean announce = draft.status != HttpStatus.NO_CONTENT.code() && !draft.has(ResponseDraft.CONTENT_LENGTH);
            sendHead(announce ? sender.count() : -1);
        }
        if (!framing.allowsBody()) {
            sender.close();
            writeEnd(draft);
            return;
        }
        exchange.bodyWritten(sender.count()); // all of it now; a transfer cut short reports as not completed
        if (sender.sendZeroCopy(host().context())) {
            writeEnd(draft);
        } else {
            drainListeners().file(sender); // read on piece by piece as the connection drains
            pumpFile();
        }
    }

    /** Writes {@code message}, a 1xx, before the final head; completes {@code written} when it is on the wire. */
    void writeInformational(InformationalResponse message, CompletableFuture<Void> written) {
        if (state != WriteState.IDLE) {
            written.completeExceptionally(new IllegalStateException("interim response after the head was sent"));
            return;
        }
        if (message.status() == HttpStatus.CONTINUE.code()) {
            exchange.markContinueSent();
        }
        // RFC 9110 §15.2: a server must not send a 1xx response to an HTTP/1.0 client.
        if (request().version() == HttpVersion.HTTP_1_0) {
            written.complete(null);
            return;
        }
        host().context().writeAndFlush(message).addListener(future -> {
            if (future.isSuccess()) {
                written.complete(null);
            } else {
                written.completeExceptionally(future.cause());
            }
        });
        host().onBodyWanted(exchange);
    }

    /** 100 (Continue) on behalf of an application that asked for the body without sending it (the default policy). */
    void writeAutomaticContinue() {
        if (state != WriteState.IDLE || draft().phase() != ResponseDraft.Phase.OPEN) {
            return; // the final answer is on its way instead
        }
        exchange.markContinueSent();
        if (request().version() == HttpVersion.HTTP_1_1) {
            host().context().writeAndFlush(InformationalResponse.CONTINUE, host().context().voidPromise());
        }
    }

    void addDrainListener(Runnable listener) {
        drainListeners().add(listener);
    }

    /** Completes {@code waiter} once the channel is writable (now if it is); fails it if the response was aborted. */
    void addDrainWaiter(CompletableFuture<Void> waiter) {
        if (state == WriteState.ABORTED) {
            waiter.completeExceptionally(new IllegalStateException(CLOSED_FIRST));
        } else if (isFinished()) {
            waiter.complete(null);
        } else {
            drainListeners().addWaiter(waiter);
        }
    }

    /** The channel is writable again: a file waiting to be read on continues, drain listeners run. */
    void onWritable() {
        pumpFile();
        DrainListeners listeners = drain;
        if (listeners != null) {
            listeners.notifyIfRequested();
        }
    }

    /**
     * Answers {@code status} on the server's behalf (the reason phrase as a plain-text body); false when the
     * application's head is already claimed or written, so that only closing the connection is left.
     */
    boolean sendError(int status) {
        if (state != WriteState.IDLE || !claimForError(status) || state != WriteState.IDLE) {
            return false;
        }
        endNow(Unpooled.wrappedBuffer(HttpStatus.reasonPhrase(status).getBytes(StandardCharsets.US_ASCII)));
        return true;
    }

    /** The connection wrote a protocol switch instead of a response; false if a response was begun. */
    boolean markSwitched() {
        if (state != WriteState.IDLE) {
            return false;
        }
        state = WriteState.SWITCHED;
        finished.complete(null);
        return true;
    }

    /** The end's last byte reached the transport. */
    void onFinished() {
        if (state == WriteState.ENDED) {
            state = WriteState.FINISHED;
            finished.complete(null);
            DrainListeners listeners = drain;
            if (listeners != null) {
                listeners.completeWaiters(); // all is written: a writer waiting to write on must not hang
            }
        }
    }

    /** The connection closed first: nothing more is written, and work still claimed releases its buffers. */
    void abort() {
        if (isFinished() || state == WriteState.ABORTED) {
            return;
        }
        state = WriteState.ABORTED;
        DrainListeners holding = drain;
        FileSender sending = holding == null ? null : holding.file();
        if (sending != null) {
            holding.file(null);
            sending.close();
        }
        IllegalStateException closed = new IllegalStateException(CLOSED_FIRST);
        finished.completeExceptionally(closed);
        DrainListeners listeners = drain; // read again: a callback of finished() may have waited for a drain
        if (listeners != null) {
            listeners.abort(closed);
        }
        applyPending();
    }

    // ---- internals ----

    /** Writes the head; returns about the bytes it takes on the wire, counting the fields the encoder adds. */
    private long sendHead(long contentLength) {
        ResponseHead head = head(draft(), contentLength);
        ChannelHandlerContext ctx = host().context();
        ctx.write(head, ctx.voidPromise());
        long bytes = ENCODER_ADDS + head.reason().length();
        for (int i = 0; i < head.headers().size(); i++) {
            bytes += head.headers().name(i).length() + head.headers().value(i).length() + 4;
        }
        return bytes;
    }

    /** The head to write ({@link ResponseHeads}), whose framing the rest of the response follows. */
    private ResponseHead head(ResponseDraft draft, long contentLength) {
        ResponseHeads heads = host().responseHeads();
        ResponseHead head = heads.head(exchange, draft, contentLength >= 0 ? Lengths.toString(contentLength) : null);
        framing = heads.framing();
        exchange.headWritten(draft.status);
        state = WriteState.STREAMING;
        return head;
    }

    private void writeContent(ByteBuf data) {
        if (isBody(data)) {
            ChannelHandlerContext ctx = host().context();
            ctx.write(new ResponseContent(data), ctx.voidPromise());
        }
    }

    /**
     * Whether {@code data} goes on the wire, counted for the exchange listener; if not (empty, or HEAD, 204, 304, whose
     * answers have no body: Node ignores it too), it is released here.
     */
    private boolean isBody(ByteBuf data) {
        if (!framing.allowsBody() || !data.isReadable()) {
            data.release();
            return false;
        }
        exchange.bodyWritten(data.readableBytes());
        return true;
    }

    /**
     * Writes the end, the one write with a promise. Trailers the framing has no room for (HTTP/1.0, no body, a
     * Content-Length) are dropped, as Node does: the encoder would refuse the end and leave the connection unusable.
     */
    private void writeEnd(ResponseDraft draft) {
        writeEnd(framing.allowsTrailers() && draft.hasTrailers() ? new EndOfResponse(draft.trailers)
                : EndOfResponse.NO_TRAILERS);
    }

    /** Writes {@code end}, an {@link EndOfResponse} or a {@link FullResponse}, with the response's one promise. */
    private void writeEnd(HttpResponsePart end) {
        state = WriteState.ENDED;
        ChannelHandlerContext ctx = host().context();
        ctx.write(end, new EndPromise(exchange));
        if (state == WriteState.ENDED) { // not aborted by a write that failed at once
            exchange.onResponseEnded();
        }
        host().flushSoon(0);
    }

    /** Reads the file on while the channel takes it; ends the response when it is all written. */
    private void pumpFile() {
        DrainListeners listeners = drain;
        FileSender sending = listeners == null ? null : listeners.file();
        if (sending == null) {
            return;
        }
        try {
            if (sending.pump(host().context())) {
                listeners.file(null);
                writeEnd(draft());
            }
        } catch (IOException e) {
            listeners.file(null);
            fileFailed(e);
        }
    }

    private void fileFailed(IOException e) {
        LOG.warn("{} reading the file to send failed", host().context().channel(), e);
        host().closeNow(CloseReason.APPLICATION_ERROR); // the client must see the body cut short (RFC 9112 §8)
    }

    private DrainListeners drainListeners() {
        DrainListeners listeners = drain;
        if (listeners == null) {
            DRAIN.compareAndSet(this, null, new DrainListeners(exchange));
            listeners = drain;
        }
        return listeners;
    }

    /** How far the response has come on the wire, for {@code toString}. */
    WriteState writeState() {
        return state;
    }
}
