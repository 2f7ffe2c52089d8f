package dev.h1.server.connection;

import dev.h1.codec.BodyChunk;
import dev.h1.codec.DecodeFailure;
import dev.h1.codec.EndOfBody;
import dev.h1.codec.Expectation;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.InformationalResponse;
import dev.h1.codec.ParseError;
import dev.h1.codec.RequestHead;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.codec.ResponseHead;
import dev.h1.codec.decoder.RequestDecoder;
import dev.h1.codec.encoder.UpgradeHandoff;
import dev.h1.server.api.CloseReason;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.ClientErrorHandler;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.pipeline.HttpServerInitializer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogLevel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The life of one HTTP/1.1 connection: turns the decoder's messages into exchanges for the application, one at a
 * time and in order, manages persistence (RFC 9112 §9.3), pipelining, timeouts, client errors and close.
 *
 * <pre>
 * p.addLast("h1-decoder", new RequestDecoder(..));
 * p.addLast("h1-encoder", new ResponseEncoder(..));
 * p.addLast("h1-connection", connection);   // see HttpServerInitializer, the one place that orders these
 * </pre>
 *
 * <p><b>Pipelining and memory.</b> Messages that cannot be handled yet (the next request while a response is
 * outstanding, body pieces nobody asked for yet, a paused body) wait in a queue, and while anything waits the
 * connection stops reading from the socket ({@code autoRead} off). What waits is therefore bounded by what one read
 * brought in; reading resumes when the queue is empty and the current exchange wants its body.
 *
 * <p><b>Threading.</b> One instance per channel; all state is confined to the channel's event loop. Public methods
 * ({@link HttpConnection}) may be called from any thread and hop over.
 *
 * <p><b>Buffers.</b> Every inbound message is released here after use, or when the connection closes while it
 * waits (R4).
 */
public final class Http1Connection extends ChannelInboundHandlerAdapter
        implements HttpConnection, ConnectionTimers.Expiry {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(Http1Connection.class);

    private final ConnectionConfig config;
    private final RequestHandler handler;
    private final ConnectionGroup group;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private final List<ByteBuf> upgradeBytes = new ArrayList<>();
    private final CompletableFuture<CloseReason> closeFuture = new CompletableFuture<>();
    private final ChannelFutureListener closeOnFailedWrite = future -> {
        if (!future.isSuccess()) {
            onWriteFailed(future.cause());
        }
    };

    private ChannelHandlerContext ctx;
    private ConnectionTimers timers;
    private Exchange current;
    private volatile int requestCount;
    private boolean opened;
    private boolean closed;
    private boolean handedOff;
    private boolean shuttingDown;
    private boolean closingAfterResponse;
    private boolean delivering;
    private boolean inReadBatch;
    private boolean flushPending;
    private boolean upgradeDue;
    private CloseReason closeReason;

    public Http1Connection(ConnectionConfig config, RequestHandler handler, ConnectionGroup group) {
        this.config = Objects.requireNonNull(config, "config");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.group = group;
    }

    /**
     * The handler to place before the decoder: it sees raw bytes, so that the first byte of a request (not its
     * completed head) starts the request's headers and request deadlines.
     */
    public ChannelHandler requestStartWatch() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext watchCtx, Object msg) {
                if (msg instanceof ByteBuf bytes && bytes.isReadable() && timers != null
                        && timers.isAwaitingNextRequest()) {
                    timers.requestStarted();
                }
                watchCtx.fireChannelRead(msg);
            }
        };
    }

    // ---- HttpConnection ----

    @Override
    public Channel channel() {
        return ctx.channel();
    }

    @Override
    public SocketAddress remoteAddress() {
        return ctx.channel().remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return ctx.channel().localAddress();
    }

    @Override
    public int requestCount() {
        return requestCount;
    }

    @Override
    public void close() {
        onLoop(() -> closeNow(CloseReason.APPLICATION_CLOSED));
    }

    @Override
    public CompletionStage<CloseReason> closeFuture() {
        return closeFuture;
    }

    // ---- channel events ----

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.timers = new ConnectionTimers(context.executor(), config, this);
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
        if (opened) {
            return;
        }
        opened = true;
        if (group != null) {
            group.add(this);
        }
        if (config.connectionListener() != null) {
            try {
                config.connectionListener().onOpen(this);
            } catch (RuntimeException e) {
                LOG.warn("connection listener failed", e);
            }
        }
        timers.requestStarted(); // a new connection must deliver its first head within the headers timeout
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (isClosing() || closingAfterResponse && !(msg instanceof ByteBuf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        inReadBatch = true;
        waiting.add(msg);
        deliverPending();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        inReadBatch = false;
        if (upgradeDue && !closed) {
            upgradeDue = false;
            dispatchUpgrade();
        }
        if (flushPending) {
            flushPending = false;
            context.flush();
        }
        context.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable() && current != null) {
            current.response().onWritable();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent) {
            onIdle();
            return;
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        // An I/O failure (connection reset, broken pipe): the exchange learns it was aborted in onClosed.
        LOG.debug("{} transport failure: {}", context.channel(), cause.toString());
        closeNow(CloseReason.CLIENT_ABORTED);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        onClosed();
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        if (!handedOff) {
            onClosed();
        }
    }

    // ---- delivery ----

    /** Delivers waiting messages while they can be handled, then decides whether to read on. */
    void deliverPending() {
        if (delivering || ctx == null) {
            return;
        }
        delivering = true;
        try {
            while (!waiting.isEmpty() && !isClosing() && !handedOff && canDeliver(waiting.peek())) {
                deliver(waiting.poll());
            }
        } finally {
            delivering = false;
        }
        updateReading();
    }

    private boolean canDeliver(Object msg) {
        if (msg instanceof RequestHead) {
            return current == null && !closingAfterResponse;
        }
        if (msg instanceof BodyChunk) {
            return current != null && current.request().acceptsBody();
        }
        if (msg instanceof EndOfBody) {
            return current != null && (current.request().acceptsBody() || !current.request().hasBody());
        }
        if (msg instanceof DecodeFailure) {
            return current == null || !current.request().isComplete();
        }
        return true; // bytes after an upgrade or CONNECT request
    }

    private void deliver(Object msg) {
        if (msg instanceof RequestHead head) {
            onHead(head);
        } else if (msg instanceof BodyChunk chunk) {
            try {
                current.request().onData(chunk.content());
            } catch (Exception e) {
                onApplicationError(current, e);
            } finally {
                chunk.release();
            }
        } else if (msg instanceof EndOfBody end) {
            onEndOfBody(end.trailers());
        } else if (msg instanceof DecodeFailure failure) {
            onDecodeFailure(failure);
        } else if (msg instanceof ByteBuf bytes && current != null && current.isUpgrade()) {
            upgradeBytes.add(bytes); // Node's upgrade `head`: handed to the next protocol
        } else {
            ReferenceCountUtil.release(msg); // tunnel bytes nobody takes (CONNECT refused)
        }
    }

    /** Reads from the socket only when what arrives can be handled (the pipelining bound). */
    private void updateReading() {
        if (isClosing() || handedOff || ctx == null) {
            return;
        }
        // Read only while nothing waits: a read brings at most one batch of messages into the queue, and then
        // reading stops until the queue drains (the pipelining bound). A body is read while it is wanted and not
        // paused. Once the request is complete, reading goes on while its response is outstanding, as in Node, so
        // that the transport notices a client that closes or resets; the next pipelined request then waits and
        // stops reading. An upgrade waits for its handler with reading off, so that its head bytes are exactly
        // those that came with the request.
        boolean read = waiting.isEmpty() && !upgradeDue && !closingAfterResponse
                && (current == null
                || (current.request().isComplete() ? !current.isUpgrade() : current.request().acceptsBody()));
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    private void onHead(RequestHead head) {
        timers.headReceived();
        int count = ++requestCount;
        Persistence persistence = Persistence.KEEP_ALIVE;
        CloseReason reason = null;
        if (!head.isKeepAlive()) {
            persistence = Persistence.CLOSE_AFTER_RESPONSE;
            reason = CloseReason.NOT_PERSISTENT;
        } else if (config.maxRequestsPerConnection() > 0 && count >= config.maxRequestsPerConnection()) {
            persistence = Persistence.CLOSE_AFTER_RESPONSE;
            reason = CloseReason.MAX_REQUESTS;
        } else if (shuttingDown) {
            persistence = Persistence.CLOSE_AFTER_RESPONSE;
            reason = CloseReason.SERVER_SHUTDOWN;
        }
        boolean upgrade = config.upgradeHandler() != null && (head.isUpgrade() || head.isConnect());
        Exchange exchange = new Exchange(this, head, persistence, reason, upgrade);
        current = exchange;
        if (upgrade) {
            // The upgrade handler runs once the request, its body and the bytes that came with it are in; the body
            // of an upgrade request is read and discarded.
            exchange.request().drain(config.maxDrainBytes());
            return;
        }
        if (head.isConnect()) {
            exchange.response().sendError(501, CloseReason.NOT_PERSISTENT); // no tunnel without an upgrade handler
            return;
        }
        try {
            if (head.expectation() == Expectation.UNSUPPORTED) {
                if (config.checkExpectationHandler() == null) {
                    exchange.response().sendError(417, CloseReason.NOT_PERSISTENT); // RFC 9110 §10.1.1
                } else {
                    config.checkExpectationHandler().handle(exchange.request(), exchange.response());
                }
            } else if (head.expectation() == Expectation.CONTINUE && config.checkContinueHandler() != null) {
                config.checkContinueHandler().handle(exchange.request(), exchange.response());
            } else {
                handler.handle(exchange.request(), exchange.response());
            }
        } catch (Exception | Error e) {
            onApplicationError(exchange, e);
        }
    }

    private void onEndOfBody(Headers trailers) {
        Exchange exchange = current;
        timers.requestReceived();
        exchange.request().onEnd(trailers);
        if (exchange.isUpgrade()) {
            upgradeDue = true; // at channelReadComplete, once the bytes of this read that followed are collected
        } else if (exchange.response().isDone() && current == exchange) {
            finishExchange();
        }
    }

    private void onDecodeFailure(DecodeFailure failure) {
        LOG.debug("{} parse error {}: {}", channel(), failure.error(), failure.detail());
        if (failure.error() == ParseError.TRUNCATED_MESSAGE) {
            // RFC 9112 §8: the client ended its side inside a request. Nobody waits for an answer; the exchange
            // learns it was aborted when the channel closes.
            closeNow(CloseReason.CLIENT_ABORTED);
            return;
        }
        if (current != null) {
            // The failure is inside the current request's body: the request cannot complete.
            current.failRequest(new IllegalStateException("malformed request body"), false);
            if (current.response().headersSent()) {
                closeNow(CloseReason.PARSE_ERROR);
                return;
            }
            current.response().sendError(failure.error().status(), CloseReason.PARSE_ERROR);
            return;
        }
        clientError(new DefaultClientError(this, failure.error(), failure.error().status(), failure.detail(),
                CloseReason.PARSE_ERROR));
    }

    private void clientError(DefaultClientError error) {
        closingAfterResponse = true;
        ClientErrorHandler errorHandler = config.clientErrorHandler();
        if (errorHandler != null) {
            try {
                errorHandler.onClientError(error);
            } catch (RuntimeException e) {
                LOG.warn("client error handler failed", e);
            }
        }
        if (!error.isAnswered()) {
            error.respondDefault();
        }
    }

    // ---- exchange callbacks ----

    /** The response ended (its end is written, maybe not yet flushed). */
    void onResponseEnded(Exchange exchange, ChannelFuture written) {
        if (exchange != current) {
            return;
        }
        if (exchange.persistence() == Persistence.CLOSE_AFTER_RESPONSE) {
            closingAfterResponse = true;
            CloseReason reason = exchange.closeReason();
            written.addListener(future -> closeNow(reason));
            releaseWaiting();
            return;
        }
        if (!exchange.request().isComplete()) {
            if (!exchange.request().hasConsumer()) {
                exchange.request().drain(config.maxDrainBytes()); // so that the next request can be read
            }
            deliverPending();
            return;
        }
        finishExchange();
    }

    private void finishExchange() {
        Exchange done = current;
        current = null;
        done.complete(false);
        if (shuttingDown && waiting.isEmpty()) {
            closeNow(CloseReason.SERVER_SHUTDOWN);
            return;
        }
        if (waiting.isEmpty()) {
            if (isNextRequestStarted()) {
                timers.requestStarted(); // its first bytes came with the previous request: no keep-alive wait
            } else {
                timers.awaitNextRequest();
            }
        }
        deliverPending();
    }

    /** Whether the decoder holds part of the next request (which then gets its headers deadline, not keep-alive). */
    private boolean isNextRequestStarted() {
        RequestDecoder decoder = ctx.pipeline().get(RequestDecoder.class);
        return decoder != null && decoder.isInsideRequest();
    }

    void onApplicationError(Exchange exchange, Throwable cause) {
        LOG.warn("{} request handler failed", channel(), cause);
        if (closed || exchange != current) {
            return;
        }
        if (exchange.response().headersSent()) {
            closeNow(CloseReason.APPLICATION_ERROR);
        } else {
            exchange.response().sendError(500, CloseReason.APPLICATION_ERROR);
        }
    }

    void onBodyTooLarge(Exchange exchange) {
        if (exchange != current || closed) {
            return;
        }
        if (exchange.response().headersSent()) {
            closeNow(CloseReason.BODY_TOO_LARGE);
        } else {
            exchange.response().sendError(413, CloseReason.BODY_TOO_LARGE);
        }
    }

    // ---- upgrade ----

    private void dispatchUpgrade() {
        Exchange exchange = current;
        if (exchange == null || !exchange.isUpgrade()) {
            return;
        }
        try {
            config.upgradeHandler().onUpgrade(exchange.request(), new DefaultUpgrade(exchange, upgradeBytes));
        } catch (Exception | Error e) {
            onApplicationError(exchange, e);
        }
    }

    /** Answers 101 (or 200 to CONNECT), then hands the channel to {@code next} with the bytes that came along. */
    void switchProtocols(Exchange exchange, Headers headers, ChannelHandler next, CompletableFuture<Channel> done) {
        if (exchange != current || closed || exchange.response().headersSent()) {
            done.completeExceptionally(new IllegalStateException("the exchange can no longer switch protocols"));
            return;
        }
        RequestHead head = exchange.head();
        int status = head.isConnect() ? 200 : 101;
        if (status == 101) {
            headers.set("Connection", "upgrade");
        }
        exchange.response().markSwitched();
        ctx.writeAndFlush(new ResponseHead(status, null, headers, head.method(), head.version()))
                .addListener(future -> {
                    if (!future.isSuccess()) {
                        done.completeExceptionally(future.cause());
                        closeNow(CloseReason.CLIENT_ABORTED);
                        return;
                    }
                    handOff(exchange, next);
                    done.complete(ctx.channel());
                });
    }

    private void handOff(Exchange exchange, ChannelHandler next) {
        handedOff = true;
        timers.cancelAll();
        if (group != null) {
            group.remove(this);
        }
        Channel channel = ctx.channel();
        channel.closeFuture().addListener(future -> notifyClosed(CloseReason.UPGRADED));
        List<ByteBuf> received = new ArrayList<>(upgradeBytes);
        upgradeBytes.clear();
        var pipeline = channel.pipeline();
        for (String name : List.of(HttpServerInitializer.IDLE, HttpServerInitializer.WATCH)) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
        RequestDecoder decoder = pipeline.get(RequestDecoder.class);
        pipeline.remove(this);
        exchange.complete(false);
        current = null;
        UpgradeHandoff.switchTo(pipeline, decoder, null, next, received);
        channel.config().setAutoRead(true);
    }

    // ---- timeouts ----

    @Override
    public void onKeepAliveTimeout() {
        if (current == null && waiting.isEmpty()) {
            closeNow(CloseReason.KEEP_ALIVE_TIMEOUT);
        }
    }

    @Override
    public void onHeadersTimeout() {
        if (current == null && !closingAfterResponse) {
            clientError(new DefaultClientError(this, null, 408, "request head not received in time",
                    CloseReason.HEADERS_TIMEOUT));
        }
    }

    @Override
    public void onRequestTimeout() {
        if (closingAfterResponse) {
            return;
        }
        if (current == null) {
            clientError(new DefaultClientError(this, null, 408, "request not received in time",
                    CloseReason.REQUEST_TIMEOUT));
        } else if (!current.request().isComplete() && !hasBodyEndWaiting()) {
            current.failRequest(new IllegalStateException("request not received in time"), false);
            current.response().sendError(408, CloseReason.REQUEST_TIMEOUT);
        }
    }

    /**
     * Whether the end of the current request's body has arrived and only waits for the application to read it: the
     * whole request came in time, so the request deadline is met (the first body end in the queue is the current
     * request's, as messages wait in arrival order).
     */
    private boolean hasBodyEndWaiting() {
        for (Object msg : waiting) {
            if (msg instanceof EndOfBody) {
                return true;
            }
        }
        return false;
    }

    private void onIdle() {
        if (config.timeoutHandler() == null) {
            closeNow(CloseReason.IDLE_TIMEOUT);
            return;
        }
        try {
            config.timeoutHandler().onTimeout(this);
        } catch (RuntimeException e) {
            LOG.warn("timeout handler failed", e);
        }
    }

    // ---- shutdown and close ----

    /** Graceful shutdown: close now if idle, else after the current exchange (its response says close). */
    void shutdown() {
        onLoop(() -> {
            shuttingDown = true;
            if (current == null && waiting.isEmpty()) {
                closeNow(CloseReason.SERVER_SHUTDOWN);
            } else if (current != null) {
                current.closeAfterResponse(CloseReason.SERVER_SHUTDOWN);
            }
        });
    }

    void closeIfIdle(CloseReason reason) {
        onLoop(() -> {
            if (current == null && waiting.isEmpty()) {
                closeNow(reason);
            }
        });
    }

    /** Closes the connection, remembering the first reason given. */
    void closeNow(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        if (ctx != null && !handedOff) {
            // A response that ended in this read batch may still wait for the batch's flush (or in the encoder):
            // it goes out before the close, which would otherwise drop it (a drained body over the limit).
            ctx.flush();
            ctx.close();
        }
    }

    /**
     * Whether the connection is closed or closing. The transport reports the close later ({@code channelInactive}
     * runs as a separate task), and until then nothing more may reach the application: a request behind a body that
     * broke the drain limit must not be handled on a connection that is going away.
     */
    private boolean isClosing() {
        return closed || closeReason != null;
    }

    private void onClosed() {
        if (closed || handedOff) {
            return;
        }
        closed = true;
        if (timers != null) {
            timers.cancelAll();
        }
        boolean midExchange = current != null || !waiting.isEmpty();
        CloseReason reason = closeReason != null ? closeReason
                : midExchange ? CloseReason.CLIENT_ABORTED : CloseReason.CLIENT_CLOSED;
        if (current != null) {
            Exchange aborted = current;
            current = null;
            aborted.complete(!aborted.response().isDone() || !aborted.request().isComplete());
        }
        releaseWaiting();
        upgradeBytes.forEach(ByteBuf::release);
        upgradeBytes.clear();
        if (group != null) {
            group.remove(this);
        }
        notifyClosed(reason);
    }

    private void notifyClosed(CloseReason reason) {
        if (!closeFuture.complete(reason)) {
            return;
        }
        LOG.debug("{} closed: {} after {} request(s)", ctx.channel(), reason, requestCount);
        if (config.connectionListener() != null) {
            try {
                config.connectionListener().onClose(this, reason);
            } catch (RuntimeException e) {
                LOG.warn("connection listener failed", e);
            }
        }
    }

    private void releaseWaiting() {
        for (Object msg; (msg = waiting.poll()) != null; ) {
            ReferenceCountUtil.release(msg);
        }
    }

    // ---- writing, for the exchange ----

    ChannelFuture write(Object msg) {
        return watched(msg, ctx.write(msg));
    }

    ChannelFuture writeAndFlush(Object msg) {
        return watched(msg, ctx.writeAndFlush(msg));
    }

    /** A refused 1xx writes nothing and is reported through its own stage; the final response goes on. */
    private ChannelFuture watched(Object msg, ChannelFuture written) {
        return msg instanceof InformationalResponse ? written : written.addListener(closeOnFailedWrite);
    }

    /**
     * A part of the final response that could not be written ends the connection. A part the encoder refused (a head
     * it cannot frame, a body shorter or longer than its Content-Length) leaves the response broken, and the client
     * must not take the next response for this one (RFC 9112 §6.3, §8); any other failure is the transport's.
     */
    private void onWriteFailed(Throwable cause) {
        if (cause instanceof ResponseEncodeException refused) {
            // Warn once: the parts written after a refused one are refused too.
            LOG.log(closeReason == null ? InternalLogLevel.WARN : InternalLogLevel.DEBUG,
                    "{} response refused by the encoder: {}", channel(), refused.getMessage());
            closeNow(CloseReason.APPLICATION_ERROR);
        } else {
            closeNow(CloseReason.CLIENT_ABORTED);
        }
    }

    void flush() {
        ctx.flush();
    }

    /** Flushes at the end of the current read batch (so pipelined responses share a write), or now. */
    void flushSoon() {
        if (inReadBatch && ctx.executor().inEventLoop()) {
            flushPending = true;
        } else {
            ctx.flush();
        }
    }

    ConnectionConfig config() {
        return config;
    }

    void onLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    @Override
    public String toString() {
        return "Http1Connection(" + (current == null ? "idle" : current.response()) + ", waiting " + waiting.size()
                + (closed ? ", closed " + closeReason : "") + ')';
    }
}
