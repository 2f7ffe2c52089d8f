package dev.h1.server.exchange;

import dev.h1.codec.BodyChunk;
import dev.h1.codec.EndOfBody;
import dev.h1.codec.Expectation;
import dev.h1.codec.Framing;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ParseError;
import dev.h1.codec.RequestHead;
import dev.h1.codec.ResponseFraming;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ExchangeListener;
import dev.h1.server.api.RequestAbortedException;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One request and its response on a connection: the loop-side owner of the exchange's state. The read side is a
 * {@link RequestBody}, the write side a {@link ResponseWriter}; this class holds what concerns both: whether the
 * connection persists after the exchange (RFC 9112 §9.3), the 100 (Continue) handshake, failures the server answers
 * itself, and the exchange's end.
 *
 * <p>The exchange is over when its response's last byte was written and its request body has ended (or failed), or
 * when the connection closes first (then it is aborted). The connection hands the next request to the application as
 * soon as this response's end is written and this request is complete; the last byte may still be on its way.
 *
 * <p><b>Threading.</b> Confined to the connection's event loop, like everything in this package but the two
 * facades, {@link DefaultServerRequest} and {@link DefaultServerResponse}, which other threads may call.
 */
public final class Exchange {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(Exchange.class);
    private static final AtomicReferenceFieldUpdater<Exchange, OneShot> CLOSED =
            AtomicReferenceFieldUpdater.newUpdater(Exchange.class, OneShot.class, "closed");

    private final ExchangeHost host;
    private final RequestHead head;
    private final boolean upgrade;
    /** The request facade, which is also the body's state ({@link #body()}): one object. */
    private final DefaultServerRequest request;
    /** The response facade, which is also the writer ({@link #writer()}): one object. */
    private final DefaultServerResponse response;

    /**
     * Why the connection closes after this exchange, or null while it stays open (persistence only ever moves from
     * keep-alive to close); volatile, as {@code ServerRequest.isKeepAlive()} reads it on any thread.
     */
    private volatile CloseReason closeReason;
    private boolean continueSent;
    private boolean endAnnounced;
    /** The exchange is over: it ends once (event loop only). */
    private boolean over;
    /**
     * Both sides learned how the exchange ended, and {@code closed()} is (or, once made, will be) complete; volatile,
     * as {@link #closedStage} reads it on the caller's thread. Set after {@link #over} and the sides' own outcomes, so
     * that a caller who sees {@code closed()} complete also sees {@code isAborted()} and {@code finished()} settled.
     */
    private volatile boolean settled;
    /** The stage of {@code closed()}, made only when asked for: most exchanges end without anyone listening. */
    private volatile OneShot closed;
    /** Timings and byte counts for the exchange listener; null when none is configured. */
    private final ExchangeMetrics metrics;

    /**
     * @param closeReason {@code null} for a persistent exchange, else why the connection closes after it
     * @param upgrade     whether an upgrade handler takes this request (an upgrade or CONNECT)
     */
    public Exchange(ExchangeHost host, RequestHead head, CloseReason closeReason, boolean upgrade) {
        this.host = host;
        this.head = head;
        this.upgrade = upgrade;
        if (closeReason != null) {
            this.closeReason = closeReason; // a volatile store, and its fence, only when needed (see ResponseClaims)
        }
        this.request = new DefaultServerRequest(this);
        this.response = new DefaultServerResponse(this);
        ExchangeListener listener = host.config().exchangeListener();
        this.metrics = listener == null ? null : new ExchangeMetrics(listener);
    }

    /** The response head with {@code status} was written: timed for the exchange listener, if there is one. */
    void headWritten(int status) {
        if (metrics != null) {
            metrics.headWritten(status);
        }
    }

    /** {@code bytes} of the response body were written: counted for the exchange listener, if there is one. */
    void bodyWritten(long bytes) {
        if (metrics != null) {
            metrics.responseBody(bytes);
        }
    }

    /**
     * The request's body state, as the connection drives it: the request facade seen as its base. Not a field of its
     * own, as each field is four bytes more per request (PipelineBenchmark in http-tests).
     */
    private RequestBody body() {
        return request;
    }

    /** The response's writer, as the connection drives it: the response facade seen as its base. */
    private ResponseWriter writer() {
        return response;
    }

    /** The request's head, as decoded. */
    public RequestHead head() {
        return head;
    }

    /** The request as the application sees it. */
    public ServerRequest request() {
        return request;
    }

    /** The response as the application sees it. */
    public ServerResponse response() {
        return response;
    }

    /** Whether an upgrade handler takes this request: its body is discarded and its answer switches protocols. */
    public boolean isUpgrade() {
        return upgrade;
    }

    ExchangeHost host() {
        return host;
    }

    /** Runs {@code task} on the event loop: now when called there, else after what was handed over before it. */
    public void onLoop(Runnable task) {
        host.execute(task);
    }

    boolean inEventLoop() {
        return host.context().executor().inEventLoop();
    }

    DefaultServerRequest facade() {
        return request;
    }

    /** {@code setTimeout} on the request or the response: any thread. */
    void watchForInactivity(Duration timeout, Runnable listener) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        onLoop(() -> host.watchExchange(this, timeout, listener));
    }

    // ---- persistence ----

    boolean isKeepAlive() {
        return closeReason == null;
    }

    /** Whether the connection closes once this response has been written. */
    public boolean closesConnection() {
        return closeReason != null;
    }

    /** Why the connection closes after this exchange; null while it persists. */
    public CloseReason closeReason() {
        return closeReason;
    }

    /** Turns persistence off for this exchange; the first reason given is the one reported. */
    public void closeAfterResponse(CloseReason reason) {
        Objects.requireNonNull(reason, "reason");
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    /**
     * Decides persistence once more with what the head about to be written says (RFC 9112 §9.3, §9.6); returns
     * whether the connection stays open after this response.
     */
    boolean persistsAfter(ResponseFraming framing, ResponseDraft draft) {
        // RFC 9110 §10.1.1: a final answer while the client still waits for 100 (Continue): it may never send the
        // body that would have to be read before the next request.
        if (isAwaitingContinue()) {
            closeAfterResponse(CloseReason.NOT_PERSISTENT);
        }
        if (draft.has(ResponseDraft.CONNECTION) && draft.headers.containsToken("Connection", "close")) {
            closeAfterResponse(CloseReason.APPLICATION_CLOSED);
        }
        // RFC 9112 §6.3(8): a response to HTTP/1.0 without a length is delimited by closing the connection.
        if (framing.closesConnection()) {
            closeAfterResponse(CloseReason.NOT_PERSISTENT);
        }
        return !closesConnection();
    }

    /**
     * Adds the fields that manage the connection to {@code fields}, a copy of the draft's for a head about to be
     * written, after deciding persistence ({@link #persistsAfter}).
     */
    void addConnectionFields(Headers fields, ResponseFraming framing, ResponseDraft draft) {
        if (!persistsAfter(framing, draft)) {
            fields.set("Connection", "close");
            fields.remove("Keep-Alive");
            return;
        }
        if (head.version() == HttpVersion.HTTP_1_0) {
            fields.set("Connection", "keep-alive");
        }
        String keepAlive = host.keepAliveValue();
        if (keepAlive != null && !draft.has(ResponseDraft.KEEP_ALIVE)) {
            fields.add("Keep-Alive", keepAlive);
        }
    }

    // ---- 100 (Continue), RFC 9110 §10.1.1 ----

    /** Whether the client still waits for 100 (Continue) before it sends the body. */
    boolean isAwaitingContinue() {
        return head.expectation() == Expectation.CONTINUE && !continueSent && body().isExpected();
    }

    void markContinueSent() {
        continueSent = true;
    }

    /** The application asked for the body: a client waiting for 100 (Continue) gets it now (the default policy). */
    void onBodyRequested() {
        if (isAwaitingContinue()) {
            writer().writeAutomaticContinue();
        }
    }

    // ---- the read side, driven by the connection ----

    /** Whether the body wants its next piece now: it streams to a consumer that is not paused, or it is drained. */
    public boolean wantsBody() {
        return body().wantsData();
    }

    /** Whether the connection may hand this request {@code msg}, a {@link BodyChunk} or {@link EndOfBody}, now. */
    public boolean accepts(Object msg) {
        return body().accepts(msg);
    }

    /** A piece of the body; released here. */
    public void onBodyChunk(BodyChunk chunk) {
        if (metrics != null) {
            metrics.requestBody(chunk.content().readableBytes());
        }
        body().onData(chunk);
    }

    /** The request body ended, with {@code end}'s trailers. */
    public void onEndOfBody(EndOfBody end) {
        body().onEnd(end.trailers());
        finishIfOver();
    }

    /** Whether the request has been read to its end (or will never be: it failed). */
    public boolean isRequestDone() {
        return body().isDone();
    }

    /** Whether the application takes the body (it registered a consumer, or the body is being drained). */
    public boolean hasBodyConsumer() {
        return body().hasConsumer();
    }

    /** Reads and discards the rest of the body, up to the drain limit, so that the next request can be read. */
    public void drainBody() {
        body().drain(host.config().maxDrainBytes());
    }

    /** The request body cannot complete, for example a malformed chunk; the body listener hears {@code cause}. */
    public void failRequest(Throwable cause) {
        body().fail(cause);
        finishIfOver();
    }

    // ---- the write side ----

    /** Whether the response's end was written (or the protocol switched). */
    public boolean isResponseEnded() {
        return writer().isEnded();
    }

    /** The channel became writable again: writers that waited hear of it. */
    public void onWritable() {
        writer().onWritable();
    }

    /**
     * Marks the response as a protocol switch (101, or 2xx to CONNECT) written by the connection: no HTTP response
     * follows. Returns false if the application had already claimed the response.
     */
    public boolean claimForSwitch() {
        if (!response.claimForSwitch() || !writer().markSwitched()) {
            return false;
        }
        headWritten(head.isConnect() ? 200 : 101); // as ProtocolSwitch writes it
        finishIfOver();
        return true;
    }

    /**
     * Answers a failure the server handles itself ({@link ServerError}): the error answer with
     * {@code Connection: close} if the head has not gone out, else an immediate close.
     *
     * @param parseError for {@link ServerError#MALFORMED_REQUEST}, the error that gives the status; else null
     */
    public void fail(ServerError error, ParseError parseError) {
        closeAfterResponse(error.closeReason());
        if (!error.isAnswered() || !writer().sendError(error.status(parseError))) {
            host.closeNow(error.closeReason());
        }
    }

    /** The application failed (threw, or failed a callback): 500 if possible, else close. */
    public void failApplication(Throwable cause) {
        LOG.warn("{} request handler failed", host.context().channel(), cause);
        if (!over) {
            fail(ServerError.APPLICATION_ERROR, null);
        }
    }

    // ---- the end ----

    /** The response's end was written: the connection may move on (see the class comment). */
    void onResponseEnded() {
        endAnnounced = true;
        host.onResponseEnded(this);
    }

    /**
     * How the response's end went ({@link EndPromise}): its last byte was written ({@code failure} null), or could not
     * be. A write that failed at once, before its end was announced, is not announced as finished either.
     */
    void endWritten(Throwable failure) {
        if (failure == null) {
            if (metrics != null) {
                metrics.lastByteWritten();
            }
            writer().onFinished();
            finishIfOver();
        } else {
            host.onWriteFailed(failure);
            abort();
        }
        if (endAnnounced) {
            host.onResponseFinished(this);
        }
    }

    private void finishIfOver() {
        if (!over && writer().isFinished() && body().isDone()) {
            over = true;
            settleClosed();
            if (metrics != null) {
                metrics.report(this, true, closeReason);
            }
        }
    }

    /** The connection closed before the exchange was over: both sides learn it; every buffer is released. */
    public void abort() {
        if (over) {
            return;
        }
        if (head.framing() == Framing.NONE) {
            // RFC 9112 §6.3: a request without Content-Length or Transfer-Encoding has no body, so it was complete when
            // its head was read, even if the connection closed (after a Connection: close answer, say) before the
            // decoder's end-of-body message reached it. With its response written, the exchange is simply over.
            body().onEnd(Headers.empty());
            if (writer().isFinished()) {
                finishIfOver();
                return;
            }
        }
        over = true;
        body().abort(new RequestAbortedException("connection closed"));
        writer().abort();
        settleClosed();
        if (metrics != null) {
            CloseReason reason = host.closeReason();
            metrics.report(this, false, reason != null ? reason : CloseReason.CLIENT_ABORTED);
        }
    }

    /**
     * The stage that completes when the exchange is over; any thread. Made on first use: whichever of this thread and
     * the event loop comes second (reading {@code settled}, or the stage) completes it.
     */
    CompletionStage<Void> closedStage() {
        OneShot stage = closed;
        if (stage == null) {
            CLOSED.compareAndSet(this, null, new OneShot());
            stage = closed;
            if (settled) {
                stage.succeed();
            }
        }
        return stage.stage();
    }

    private void settleClosed() {
        settled = true;
        OneShot stage = closed;
        if (stage != null) {
            stage.succeed();
        }
    }

    @Override
    public String toString() {
        String persistence = closeReason == null ? "KEEP_ALIVE" : "CLOSE_AFTER_RESPONSE " + closeReason;
        return "Exchange(" + head.method() + ' ' + head.target() + ", " + body().readState() + ", "
                + writer().writeState() + ", " + persistence + ')';
    }
}
