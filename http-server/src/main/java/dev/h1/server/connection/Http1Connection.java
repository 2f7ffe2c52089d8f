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
import dev.h1.server.exchange.ResponseHeads;
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
 * The channel handler of one HTTP/1.1 connection: turns the decoder's messages and the channel's events into steps of
 * its {@link ExchangeSequence} (the state machine: one exchange at a time, persistence per RFC 9112 §9.3, idle and
 * close with exactly one {@link CloseReason}), and is the {@link ExchangeHost} through which each {@link Exchange}
 * reaches its connection. It directs an {@link InboundQueue} (what waits, and whether to read), a {@link Dispatcher}
 * (every call into the application), {@link Deadlines}, {@link ReadFailures} (client errors and read timeouts) and a
 * {@link ProtocolSwitch} (upgrade and CONNECT).
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
    private final ResponseHeads responseHeads = new ResponseHeads();
    private final BatchClock clock;

    private ChannelHandlerContext ctx;
    private ConnectionHandle handle;
    private Deadlines deadlines;
    /** The connection's state machine; made when the handler is added, since it needs the context. */
    private ExchangeSequence sequence;

    /**
     * @param decoder the pipeline's request decoder, which hands its buffered bytes on when the protocol switches
     * @param idle    the idle-timeout handler installed with h1, removed with it on a protocol switch; or null
     * @param tracker told when the connection joins and leaves its server; or null
     * @param clock   the connection's clock, which the encoder may read for its Date field too
     */
    public Http1Connection(ConnectionConfig config, RequestHandler handler, RequestDecoder decoder,
                           ChannelHandler idle, ConnectionTracker<? super Http1Connection> tracker,
                           BatchClock clock) {
        this.config = config;
        this.clock = clock;
        this.dispatcher = new Dispatcher(config, handler);
        this.tracker = tracker;
        this.protocolSwitch = new ProtocolSwitch(this, dispatcher, decoder, idle, () -> sequence.switched());
        this.failures = new ReadFailures(this, this, inbound, dispatcher);
        long keepAliveSeconds = config.keepAliveTimeout().toSeconds();
        this.keepAliveValue = keepAliveSeconds > 0 ? "timeout=" + keepAliveSeconds : null;
    }

    /** Graceful shutdown: closes now if idle, else once the exchanges under way are over (new ones say close). */
    public void shutdown() {
        execute(() -> sequence.shutdown());
    }

    /** Closes the connection if no exchange is under way: none read, none answered, no response still being sent. */
    public void closeWhenIdle(CloseReason reason) {
        execute(() -> sequence.closeIfIdle(reason));
    }

    // ---- channel events ----

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
        handle = new ConnectionHandle(this, () -> execute(() -> closeNow(CloseReason.APPLICATION_CLOSED)), tracker,
                dispatcher);
        clock.bind(context.executor().ticker());
        deadlines = new Deadlines(context.executor(), clock, config, failures);
        sequence = new ExchangeSequence(context, config, this, dispatcher, inbound, deadlines, handle, protocolSwitch);
        if (context.channel().isActive()) {
            sequence.opened();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        sequence.opened();
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (msg instanceof RequestHead head) {
            if (!sequence.headDecoded(head)) {
                return; // answered 503 past the request limit, or after the last response (a head holds no buffer)
            }
        } else if (sequence.lifecycle() != Lifecycle.ACTIVE) {
            ReferenceCountUtil.release(msg); // after the last response, or closing: nothing more is processed
            return;
        }
        clock.batchStarted();
        deadlines.exchangeActive();
        flushes.readStarted();
        inbound.offer(msg, context.channel());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        protocolSwitch.onReadComplete();
        flushes.readComplete(context);
        clock.batchEnded(); // after the flush: the responses it completes start the keep-alive wait at batch time
        context.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event == RequestStarted.INSTANCE) {
            clock.batchStarted(); // from the decoder, within a read batch, before the head's channelRead
            sequence.requestStarted();
        } else if (event instanceof ChannelInputShutdownEvent) {
            sequence.inputShutdown();
            context.fireUserEventTriggered(event);
        } else if (event instanceof IdleStateEvent) {
            if (!dispatcher.idle(handle, sequence.current())) {
                closeNow(CloseReason.IDLE_TIMEOUT);
            }
        } else {
            context.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        deadlines.exchangeActive(); // the client read some of the response
        Exchange current = sequence.current();
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
        sequence.closed();
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        sequence.closed();
    }

    // ---- InboundQueue.Sink: what the application can take now ----

    @Override
    public boolean accepts(Object msg) {
        if (msg instanceof RequestHead) {
            // One exchange at a time, and none while the client is not reading its responses.
            return sequence.takesHead() && ctx.channel().isWritable();
        }
        Exchange current = sequence.current();
        if (msg instanceof BodyChunk || msg instanceof EndOfBody) {
            return current.accepts(msg);
        }
        return !(msg instanceof DecodeFailure) || current == null || !current.isRequestDone();
    }

    @Override
    public void take(Object msg) {
        if (msg instanceof RequestHead head) {
            sequence.startExchange(head);
        } else if (msg instanceof BodyChunk chunk) {
            sequence.current().onBodyChunk(chunk);
        } else if (msg instanceof EndOfBody end) {
            sequence.endOfBody(end);
        } else if (msg instanceof DecodeFailure failure) {
            failures.onDecodeFailure(failure);
        } else {
            protocolSwitch.collect((ByteBuf) msg, sequence.current()); // bytes after an upgrade or CONNECT request
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
        if (sequence.lifecycle() != Lifecycle.ACTIVE || protocolSwitch.isDue()) {
            return false;
        }
        Exchange current = sequence.current();
        return current == null || (current.isRequestDone() ? !current.isUpgrade() : current.wantsBody());
    }

    // ---- ReadFailures.Reader ----

    @Override
    public boolean isTakingRequests() {
        return sequence.lifecycle() == Lifecycle.ACTIVE;
    }

    @Override
    public Exchange currentExchange() {
        return sequence.current();
    }

    @Override
    public void stopTakingRequests() {
        sequence.stopTakingRequests();
    }

    @Override
    public void onWriteFailed(Throwable cause) {
        if (cause instanceof ResponseEncodeException refused) {
            // The encoder refused a part of a response: the response is broken, and the client must not take what
            // follows for it (RFC 9112 §6.3, §8). Warned once: the parts written after it are refused too.
            if (sequence.closeReason() == null) {
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
        sequence.closeIfIdle(reason);
    }

    @Override
    public CloseReason closeReason() {
        return sequence.closeReason();
    }

    @Override
    public void closeNow(CloseReason reason) {
        sequence.closeNow(reason);
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
    public ResponseHeads responseHeads() {
        return responseHeads;
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
    public void flushSoon(long bytes) {
        flushes.flushSoon(ctx, bytes);
    }

    @Override
    public void watchExchange(Exchange exchange, Duration timeout, Runnable listener) {
        if (!sequence.isAnswering(exchange)) {
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
    public void onResponseEnded(Exchange exchange) {
        sequence.responseEnded(exchange);
    }

    @Override
    public void onResponseFinished(Exchange exchange) {
        sequence.responseFinished(exchange);
    }

    @Override
    public void onBodyWanted(Exchange exchange) {
        if (exchange == sequence.current()) {
            inbound.deliver(ctx.channel());
        }
    }

    @Override
    public String toString() {
        return "Http1Connection(" + sequence + ')';
    }
}
