package dev.h1.server.connection;

import dev.h1.codec.BodyChunk;
import dev.h1.codec.DecodeFailure;
import dev.h1.codec.EndOfBody;
import dev.h1.codec.RequestHead;
import dev.h1.codec.RequestStarted;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.codec.decoder.RequestDecoder;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.exchange.Exchange;
import dev.h1.server.exchange.ExchangeHost;
import dev.h1.server.exchange.ServerError;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

/**
 * The life of one HTTP/1.1 connection: turns the decoder's messages into exchanges for the application, one at a time
 * and in order; decides persistence (RFC 9112 §9.3); keeps the read deadlines; answers client errors; closes with
 * exactly one {@link CloseReason}. It directs an {@link InboundQueue} (what waits, and whether to read), a
 * {@link Dispatcher} (every call into the application), {@link Deadlines}, a {@link ProtocolSwitch} (upgrade and
 * CONNECT) and one {@link Exchange} at a time, which owns its request's and response's state.
 *
 * <pre>
 * p.addLast("h1-decoder", new RequestDecoder(..));
 * p.addLast("h1-encoder", new ResponseEncoder(..));
 * p.addLast("h1-connection", connection);   // HttpServerInitializer is the one place that orders these
 * </pre>
 *
 * <p><b>Threading.</b> One instance per channel; its state is confined to the channel's event loop. {@link #shutdown},
 * {@link #closeWhenIdle} and {@link #execute} may be called from any thread; the application's view of the
 * connection ({@link #connection()}) too.
 *
 * <p><b>Buffers.</b> Every inbound message is released after use, or when the connection closes while it waits.
 */
public final class Http1Connection extends ChannelInboundHandlerAdapter
        implements ExchangeHost, InboundQueue.Sink, ReadFailures.Reader {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(Http1Connection.class);

    private final ConnectionConfig config;
    private final Dispatcher dispatcher;
    /** Told when the connection joins and leaves its server, or null. */
    private final ConnectionTracker<? super Http1Connection> tracker;
    private final InboundQueue inbound = new InboundQueue(this);
    private final ProtocolSwitch protocolSwitch;
    private final ReadFailures failures;
    private final FlushBatch flushes = new FlushBatch();
    private final String keepAliveValue;

    private ChannelHandlerContext ctx;
    private ConnectionHandle handle;
    private Deadlines deadlines;
    private Lifecycle lifecycle = Lifecycle.OPENING;
    private CloseReason closeReason;
    /** The exchange being read or answered; it stays until its response has ended and its request is in. */
    private Exchange current;
    /** Responses whose end is written but whose last byte has not reached the transport yet. */
    private int unfinished;
    private boolean shuttingDown;
    /** The request answered 503 for coming past {@code maxRequestsPerConnection}, or null. */
    private Exchange dropped;
    /** The reason of the exchange after which the connection closes, once its response is written; or null. */
    private CloseReason closingAfter;
    /**
     * A request's first bytes are in and its head is not: the connection is not idle (closeIdle and a graceful
     * shutdown let it come). Its deadlines started then, or, if an exchange was busy, start when it is over.
     */
    private boolean requestArriving;

    /**
     * @param decoder the pipeline's request decoder, which hands its buffered bytes on when the protocol switches
     * @param idle    the idle-timeout handler installed with h1, removed with it on a protocol switch; or null
     * @param tracker told when the connection joins and leaves its server; or null
     */
    public Http1Connection(ConnectionConfig config, RequestHandler handler, RequestDecoder decoder,
                           ChannelHandler idle, ConnectionTracker<? super Http1Connection> tracker) {
        this.config = config;
        this.dispatcher = new Dispatcher(config, handler);
        this.tracker = tracker;
        this.protocolSwitch = new ProtocolSwitch(this, dispatcher, decoder, idle, this::leaveHttp);
        this.failures = new ReadFailures(this, this, inbound, dispatcher);
        long keepAliveSeconds = config.keepAliveTimeout().toSeconds();
        this.keepAliveValue = keepAliveSeconds > 0 ? "timeout=" + keepAliveSeconds : null;
    }

    /** Graceful shutdown: closes now if idle, else once the exchanges under way are over (new ones say close). */
    public void shutdown() {
        execute(() -> {
            shuttingDown = true;
            if (current != null && !current.isResponseEnded()) {
                current.closeAfterResponse(CloseReason.SERVER_SHUTDOWN);
            }
            closeIfIdle(CloseReason.SERVER_SHUTDOWN);
        });
    }

    /** Closes the connection if no exchange is under way: none read, none answered, no response still being sent. */
    public void closeWhenIdle(CloseReason reason) {
        execute(() -> closeIfIdle(reason));
    }

    // ---- channel events ----

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
        handle = new ConnectionHandle(this, () -> execute(() -> closeNow(CloseReason.APPLICATION_CLOSED)), tracker,
                dispatcher);
        deadlines = new Deadlines(context.executor(), config, failures);
        if (context.channel().isActive()) {
            onOpen();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        onOpen();
        context.fireChannelActive();
    }

    private void onOpen() {
        if (lifecycle == Lifecycle.OPENING) {
            lifecycle = Lifecycle.ACTIVE;
            deadlines.requestStarted(); // a new connection must deliver its first head within the headers timeout
            handle.opened();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (lifecycle == Lifecycle.LAST_RESPONSE && msg instanceof RequestHead head && dropsRequests()) {
            dropRequest(head); // decoded in the same read as the last allowed request
            return;
        }
        if (lifecycle != Lifecycle.ACTIVE) {
            ReferenceCountUtil.release(msg); // after the last response, or closing: nothing more is processed
            return;
        }
        if (msg instanceof RequestHead) {
            requestArriving = false; // the head of the request whose first bytes came earlier is in
        }
        deadlines.exchangeActive();
        flushes.readStarted();
        inbound.offer(msg, context.channel());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        protocolSwitch.onReadComplete();
        flushes.readComplete(context);
        context.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event == RequestStarted.INSTANCE) {
            onRequestStarted();
        } else if (event instanceof ChannelInputShutdownEvent) {
            onInputShutdown();
            context.fireUserEventTriggered(event);
        } else if (event instanceof IdleStateEvent) {
            if (!dispatcher.idle(handle, current)) {
                closeNow(CloseReason.IDLE_TIMEOUT);
            }
        } else {
            context.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        deadlines.exchangeActive(); // the client read some of the response
        if (context.channel().isWritable() && current != null) {
            current.onWritable();
        }
        // Writable: what was held back while the client did not read goes on. Not writable: reading stops now.
        inbound.deliver(context.channel());
        context.fireChannelWritabilityChanged();
    }

    /** Parts of responses are written without a promise: their failures arrive here, with transport failures. */
    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        onWriteFailed(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        onClosed();
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        onClosed();
    }

    // ---- InboundQueue.Sink: what the application can take now ----

    @Override
    public boolean accepts(Object msg) {
        if (msg instanceof RequestHead) {
            // One exchange at a time, and none while the client is not reading its responses.
            return current == null && lifecycle == Lifecycle.ACTIVE && ctx.channel().isWritable();
        }
        if (msg instanceof BodyChunk || msg instanceof EndOfBody) {
            return current.accepts(msg);
        }
        return !(msg instanceof DecodeFailure) || current == null || !current.isRequestDone();
    }

    @Override
    public void take(Object msg) {
        if (msg instanceof RequestHead head) {
            startExchange(head);
        } else if (msg instanceof BodyChunk chunk) {
            current.onBodyChunk(chunk);
        } else if (msg instanceof EndOfBody end) {
            onEndOfBody(end);
        } else if (msg instanceof DecodeFailure failure) {
            failures.onDecodeFailure(failure);
        } else {
            protocolSwitch.collect((ByteBuf) msg, current); // bytes after an upgrade or CONNECT request
        }
    }

    /**
     * Whether to read on. Once a request is complete, reading goes on while its response is outstanding, as in Node,
     * so that the transport notices a client that closes or resets; the next pipelined request then waits and stops
     * reading. An upgrade waits for its handler with reading off, so that its head bytes are exactly those that came
     * with the request.
     */
    @Override
    public boolean wantsInput() {
        if (lifecycle != Lifecycle.ACTIVE || protocolSwitch.isDue()) {
            return false;
        }
        return current == null || (current.isRequestDone() ? !current.isUpgrade() : current.wantsBody());
    }

    // ---- the exchange sequence ----

    private void startExchange(RequestHead head) {
        deadlines.headReceived();
        int count = handle.countRequest();
        CloseReason close = null;
        if (!head.isKeepAlive()) {
            close = CloseReason.NOT_PERSISTENT;
        } else if (config.maxRequestsPerConnection() > 0 && count >= config.maxRequestsPerConnection()) {
            close = CloseReason.MAX_REQUESTS;
        } else if (shuttingDown) {
            close = CloseReason.SERVER_SHUTDOWN;
        }
        boolean upgrade = config.upgradeHandler() != null && (head.isUpgrade() || head.isConnect());
        current = new Exchange(this, head, close, upgrade);
        dispatcher.dispatch(current);
    }

    private void onEndOfBody(EndOfBody end) {
        Exchange exchange = current;
        deadlines.requestReceived();
        exchange.onEndOfBody(end);
        if (exchange.isUpgrade()) {
            protocolSwitch.requestComplete(exchange);
        } else if (exchange == current && exchange.isResponseEnded() && lifecycle == Lifecycle.ACTIVE) {
            release(exchange);
        }
    }

    @Override
    public void onResponseEnded(Exchange exchange) {
        unfinished++;
        if (exchange.closesConnection()) {
            if (lifecycle == Lifecycle.ACTIVE) {
                lifecycle = Lifecycle.LAST_RESPONSE; // closed once written: see onResponseFinished
            }
            RequestHead next = dropsRequests() ? inbound.takeRequestHead() : null;
            inbound.releaseAll();
            if (next != null) {
                dropRequest(next);
            }
        } else if (exchange.isRequestDone()) {
            release(exchange);
        } else if (!exchange.hasBodyConsumer()) {
            exchange.drainBody(); // so that the next request can be read; released when the body has ended
        }
    }

    @Override
    public void onResponseFinished(Exchange exchange) {
        unfinished--;
        if (exchange.closesConnection() && closingAfter == null) {
            closingAfter = exchange.closeReason();
        }
        if (closingAfter == null) {
            afterExchanges();
        } else if (unfinished == 0) {
            closeNow(closingAfter); // after the last response, and a 503 to a dropped request, are written
        }
    }

    /**
     * Whether a request pipelined past the limit is answered 503 (Node's 'dropRequest'): the last allowed exchange is
     * under way or ended, and no request was dropped yet (one answer with {@code Connection: close} is enough; the
     * client retries the rest on a new connection).
     */
    private boolean dropsRequests() {
        return dropped == null && current != null && current.closeReason() == CloseReason.MAX_REQUESTS;
    }

    /** Answers {@code head}, a request past {@code maxRequestsPerConnection}, with 503 and close, as Node does. */
    private void dropRequest(RequestHead head) {
        handle.countRequest();
        dropped = new Exchange(this, head, CloseReason.MAX_REQUESTS, false);
        dropped.failRequest(new IllegalStateException("request dropped: over maxRequestsPerConnection"));
        dispatcher.dropped(dropped);
        dropped.fail(ServerError.REQUEST_LIMIT_REACHED, null);
    }

    /** The exchange's response has ended and its request is in: the next request may be handled. */
    private void release(Exchange exchange) {
        current = null;
        deadlines.unwatchExchange();
        afterExchanges();
        inbound.deliver(ctx.channel());
    }

    /**
     * No exchange is being read or answered, nothing waits and every response is written (a next request may be
     * arriving).
     */
    private boolean isQuiet() {
        return lifecycle == Lifecycle.ACTIVE && current == null && unfinished == 0 && inbound.isEmpty();
    }

    /** Nothing is under way at all: quiet, and no request arriving either. */
    private boolean isIdle() {
        return isQuiet() && !requestArriving;
    }

    /** The exchanges under way are over: the next request is timed, or awaited, or the shutdown closes. */
    private void afterExchanges() {
        if (!isQuiet()) {
            return;
        }
        if (requestArriving) {
            deadlines.requestStarted(); // its first bytes came while the connection was busy: timed from now
        } else if (shuttingDown) {
            closeNow(CloseReason.SERVER_SHUTDOWN);
        } else {
            deadlines.awaitNextRequest();
        }
    }

    /**
     * The client shut down its output (a half-close; the decoder has delivered what the input held, a truncated
     * request as a failure). As Node's server does by default: responses already ended are still written in full, then
     * the connection closes; a request not answered yet, and any pipelined behind it, are dropped.
     */
    private void onInputShutdown() {
        requestArriving = false;
        if (lifecycle != Lifecycle.ACTIVE && lifecycle != Lifecycle.LAST_RESPONSE) {
            return;
        }
        inbound.releaseAll();
        if (current != null && !current.isResponseEnded()) {
            closeNow(CloseReason.CLIENT_ABORTED);
        } else if (unfinished > 0) {
            lifecycle = Lifecycle.LAST_RESPONSE;
            if (closingAfter == null) {
                closingAfter = CloseReason.CLIENT_CLOSED; // closed once the last byte is written: onResponseFinished
            }
        } else {
            closeNow(CloseReason.CLIENT_CLOSED);
        }
    }

    private void onRequestStarted() {
        if (lifecycle != Lifecycle.ACTIVE) {
            return;
        }
        requestArriving = true;
        if (isQuiet() && deadlines.isBetweenRequests()) {
            deadlines.requestStarted();
        }
    }

    // ---- ReadFailures.Reader ----

    @Override
    public boolean isTakingRequests() {
        return lifecycle == Lifecycle.ACTIVE;
    }

    @Override
    public Exchange currentExchange() {
        return current;
    }

    @Override
    public void stopTakingRequests() {
        lifecycle = Lifecycle.LAST_RESPONSE;
        inbound.releaseAll();
    }

    @Override
    public void onWriteFailed(Throwable cause) {
        if (cause instanceof ResponseEncodeException refused) {
            // The encoder refused a part of a response: the response is broken, and the client must not take what
            // follows for it (RFC 9112 §6.3, §8). Warned once: the parts written after it are refused too.
            if (closeReason == null) {
                LOG.warn("{} response refused by the encoder: {}", ctx.channel(), refused.getMessage());
            }
            closeNow(CloseReason.APPLICATION_ERROR);
        } else {
            // An I/O failure (reset, broken pipe): the exchange learns it was aborted when the channel closes.
            LOG.debug("{} transport failure: {}", ctx.channel(), cause.toString());
            closeNow(CloseReason.CLIENT_ABORTED);
        }
    }

    /** A PROXY protocol header told the client's addresses: the connection shows them ({@link ProxyHeaderHandler}). */
    void proxied(ProxiedAddresses addresses) {
        handle.proxied(addresses);
    }

    // ---- close ----

    @Override
    public void closeIfIdle(CloseReason reason) {
        if (isIdle()) {
            closeNow(reason);
        }
    }

    @Override
    public CloseReason closeReason() {
        return closeReason;
    }

    @Override
    public void closeNow(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        if (lifecycle.compareTo(Lifecycle.CLOSING) < 0) {
            lifecycle = Lifecycle.CLOSING;
            ctx.flush(); // a response ended in this read batch may still wait for the batch's flush
            ctx.close();
        }
    }

    private void onClosed() {
        if (lifecycle == Lifecycle.CLOSED || lifecycle == Lifecycle.SWITCHED) {
            return;
        }
        boolean midExchange = current != null || unfinished > 0 || !inbound.isEmpty();
        lifecycle = Lifecycle.CLOSED;
        if (deadlines != null) {
            deadlines.cancelAll();
        }
        if (current != null) {
            Exchange aborted = current;
            current = null;
            aborted.abort();
        }
        if (dropped != null) {
            dropped.abort();
        }
        inbound.releaseAll();
        protocolSwitch.release();
        if (handle != null) {
            handle.closed(closeReason != null ? closeReason
                    : midExchange ? CloseReason.CLIENT_ABORTED : CloseReason.CLIENT_CLOSED);
        }
    }

    /** The protocol switched: HTTP is done with the channel, which reports its close when it finally closes. */
    private void leaveHttp() {
        lifecycle = Lifecycle.SWITCHED;
        deadlines.cancelAll();
        current = null;
        handle.left(); // the server no longer waits for it, nor closes it
        ctx.channel().closeFuture().addListener(future -> handle.closed(CloseReason.UPGRADED));
    }

    // ---- ExchangeHost ----

    @Override
    public ChannelHandlerContext context() {
        return ctx;
    }

    @Override
    public ConnectionConfig config() {
        return config;
    }

    @Override
    public String keepAliveValue() {
        return keepAliveValue;
    }

    @Override
    public HttpConnection connection() {
        return handle;
    }

    @Override
    public void execute(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
            return;
        }
        try {
            ctx.executor().execute(task);
        } catch (RejectedExecutionException stopped) {
            task.run(); // the event loop is gone, and the connection with it: only releasing is left to do
        }
    }

    @Override
    public void flushSoon() {
        flushes.flushSoon(ctx);
    }

    @Override
    public void watchExchange(Exchange exchange, Duration timeout, Runnable listener) {
        if (exchange != current || lifecycle != Lifecycle.ACTIVE && lifecycle != Lifecycle.LAST_RESPONSE) {
            return; // over, or the connection is closing
        }
        deadlines.watchExchange(timeout, () -> {
            if (listener == null) {
                closeNow(CloseReason.IDLE_TIMEOUT);
            } else {
                dispatcher.exchangeIdle(exchange, listener);
            }
        });
    }

    @Override
    public void exchangeActive() {
        deadlines.exchangeActive();
    }

    @Override
    public void onBodyWanted(Exchange exchange) {
        if (exchange == current) {
            inbound.deliver(ctx.channel());
        }
    }

    @Override
    public String toString() {
        return "Http1Connection(" + lifecycle + ", " + (current == null ? "no exchange" : current) + ", waiting "
                + inbound.size() + ", unfinished " + unfinished + ')';
    }
}
