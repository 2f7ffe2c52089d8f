package dev.h1.server.connection;

import dev.h1.codec.EndOfBody;
import dev.h1.codec.RequestHead;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.CloseReason;
import dev.h1.server.exchange.Exchange;
import dev.h1.server.exchange.ExchangeHost;
import dev.h1.server.exchange.ServerError;
import io.netty.channel.ChannelHandlerContext;

/**
 * The state machine of one connection: its {@link Lifecycle}, the exchange being read or answered, the responses
 * still being written, and when the connection is persistent (RFC 9112 §9.3), idle or closes. {@link Http1Connection}
 * translates channel events into calls here; the exchanges report their progress here through it.
 *
 * <p>One exchange at a time: the next request is taken once the current response has ended and its request is in.
 * A response that has ended is still <em>unfinished</em> until its last byte reached the transport; only then is the
 * connection idle, so the keep-alive timer and a graceful shutdown never cut a response off.
 *
 * <p><b>Threading.</b> Event loop only. <b>Buffers.</b> Owns none; what waits is in the {@link InboundQueue}.
 */
final class ExchangeSequence {

    private final ChannelHandlerContext ctx;
    private final ConnectionConfig config;
    private final ExchangeHost host;
    private final Dispatcher dispatcher;
    private final InboundQueue inbound;
    private final Deadlines deadlines;
    private final ConnectionHandle handle;
    private final ProtocolSwitch protocolSwitch;

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

    ExchangeSequence(ChannelHandlerContext ctx, ConnectionConfig config, ExchangeHost host, Dispatcher dispatcher,
                     InboundQueue inbound, Deadlines deadlines, ConnectionHandle handle,
                     ProtocolSwitch protocolSwitch) {
        this.ctx = ctx;
        this.config = config;
        this.host = host;
        this.dispatcher = dispatcher;
        this.inbound = inbound;
        this.deadlines = deadlines;
        this.handle = handle;
        this.protocolSwitch = protocolSwitch;
    }

    Lifecycle lifecycle() {
        return lifecycle;
    }

    /** The exchange being read or answered, or null. */
    Exchange current() {
        return current;
    }

    CloseReason closeReason() {
        return closeReason;
    }

    /** The channel is active: requests are taken. */
    void opened() {
        if (lifecycle == Lifecycle.OPENING) {
            lifecycle = Lifecycle.ACTIVE;
            deadlines.requestStarted(); // a new connection must deliver its first head within the headers timeout
            handle.opened();
        }
    }

    /** A request's first bytes are in. */
    void requestStarted() {
        if (lifecycle != Lifecycle.ACTIVE) {
            return;
        }
        requestArriving = true;
        if (isQuiet() && deadlines.isBetweenRequests()) {
            deadlines.requestStarted();
        }
    }

    /**
     * A head was decoded; returns whether the connection takes it in. After the last allowed request, the first head
     * read with it is answered 503 here (see {@link #dropsRequests}), and the rest are not taken.
     */
    boolean headDecoded(RequestHead head) {
        if (lifecycle == Lifecycle.LAST_RESPONSE && dropsRequests()) {
            dropRequest(head); // decoded in the same read as the last allowed request
            return false;
        }
        if (lifecycle != Lifecycle.ACTIVE) {
            return false;
        }
        requestArriving = false; // the head of the request whose first bytes came earlier is in
        return true;
    }

    /** Whether a request head can start an exchange now. */
    boolean takesHead() {
        return current == null && lifecycle == Lifecycle.ACTIVE;
    }

    void startExchange(RequestHead head) {
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
        current = new Exchange(host, head, close, upgrade);
        dispatcher.dispatch(current);
    }

    void endOfBody(EndOfBody end) {
        Exchange exchange = current;
        deadlines.requestReceived();
        exchange.onEndOfBody(end);
        if (exchange.isUpgrade()) {
            protocolSwitch.requestComplete(exchange);
        } else if (exchange == current && exchange.isResponseEnded() && lifecycle == Lifecycle.ACTIVE) {
            release(exchange);
        }
    }

    /** The response's end was written: see {@link ExchangeHost#onResponseEnded}. */
    void responseEnded(Exchange exchange) {
        unfinished++;
        if (exchange.closesConnection()) {
            if (lifecycle == Lifecycle.ACTIVE) {
                lifecycle = Lifecycle.LAST_RESPONSE; // closed once written: see responseFinished
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

    /** The last byte of a response reached the transport: see {@link ExchangeHost#onResponseFinished}. */
    void responseFinished(Exchange exchange) {
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
        dropped = new Exchange(host, head, CloseReason.MAX_REQUESTS, false);
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

    /** Graceful shutdown: closes now if idle, else once the exchanges under way are over (new ones say close). */
    void shutdown() {
        shuttingDown = true;
        if (current != null && !current.isResponseEnded()) {
            current.closeAfterResponse(CloseReason.SERVER_SHUTDOWN);
        }
        closeIfIdle(CloseReason.SERVER_SHUTDOWN);
    }

    /**
     * The client shut down its output (a half-close; the decoder has delivered what the input held, a truncated
     * request as a failure). As Node's server does by default: responses already ended are still written in full, then
     * the connection closes; a request not answered yet, and any pipelined behind it, are dropped.
     */
    void inputShutdown() {
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
                closingAfter = CloseReason.CLIENT_CLOSED; // closed once the last byte is written: responseFinished
            }
        } else {
            closeNow(CloseReason.CLIENT_CLOSED);
        }
    }

    /** Takes no more requests: the answer to come is the last. */
    void stopTakingRequests() {
        lifecycle = Lifecycle.LAST_RESPONSE;
        inbound.releaseAll();
    }

    /** Whether {@code exchange} is the current one and the connection still answers it. */
    boolean isAnswering(Exchange exchange) {
        return exchange == current && (lifecycle == Lifecycle.ACTIVE || lifecycle == Lifecycle.LAST_RESPONSE);
    }

    /** Closes if nothing is under way at all: quiet, and no request arriving either. */
    void closeIfIdle(CloseReason reason) {
        if (isQuiet() && !requestArriving) {
            closeNow(reason);
        }
    }

    /** Closes the channel now, remembering the first reason given. */
    void closeNow(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        if (lifecycle.compareTo(Lifecycle.CLOSING) < 0) {
            lifecycle = Lifecycle.CLOSING;
            ctx.flush(); // a response ended in this read batch may still wait for the batch's flush
            ctx.close();
        }
    }

    /** The channel closed, or h1 was removed from it: every exchange ends, every buffer is released, once. */
    void closed() {
        if (lifecycle == Lifecycle.CLOSED || lifecycle == Lifecycle.SWITCHED) {
            return;
        }
        boolean midExchange = current != null || unfinished > 0 || !inbound.isEmpty();
        lifecycle = Lifecycle.CLOSED;
        deadlines.cancelAll();
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
        handle.closed(closeReason != null ? closeReason
                : midExchange ? CloseReason.CLIENT_ABORTED : CloseReason.CLIENT_CLOSED);
    }

    /** The protocol switched: HTTP is done with the channel, which reports its close when it finally closes. */
    void switched() {
        lifecycle = Lifecycle.SWITCHED;
        deadlines.cancelAll();
        current = null;
        handle.left(); // the server no longer waits for it, nor closes it
        ctx.channel().closeFuture().addListener(future -> handle.closed(CloseReason.UPGRADED));
    }

    @Override
    public String toString() {
        return lifecycle + ", " + (current == null ? "no exchange" : current) + ", waiting " + inbound.size()
                + ", unfinished " + unfinished;
    }
}
