package dev.h1.server.connection;

import dev.h1.codec.Headers;
import dev.h1.codec.RequestHead;
import dev.h1.codec.ResponseHead;
import dev.h1.codec.decoder.RequestDecoder;
import dev.h1.codec.encoder.UpgradeHandoff;
import dev.h1.server.api.CloseReason;
import dev.h1.server.exchange.Exchange;
import dev.h1.server.exchange.ExchangeHost;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Upgrade and CONNECT requests that an upgrade handler takes (RFC 9110 §7.8, §9.3.6): collects the bytes the client
 * sends after such a request, runs the upgrade handler once the request and the bytes that came with it in the same
 * read are in, and on acceptance answers 101 (200 to CONNECT) and hands the channel over to the next protocol's
 * handler, which receives those bytes first and then everything after, exactly once.
 *
 * <p><b>Threading.</b> Event loop only. <b>Buffers.</b> Collected bytes are owned here until they pass to the next
 * handler, or are released when the connection closes.
 */
final class ProtocolSwitch {

    private final ExchangeHost host;
    private final Dispatcher dispatcher;
    private final RequestDecoder decoder;
    /** h1's idle handler before the decoder, or null: it leaves with the rest of h1. */
    private final ChannelHandler idle;
    /** What leaving HTTP means for the connection: no more timing, tracking or closing of the channel. */
    private final Runnable leaveHttp;
    private final List<ByteBuf> received = new ArrayList<>();
    private Exchange due;

    ProtocolSwitch(ExchangeHost host, Dispatcher dispatcher, RequestDecoder decoder, ChannelHandler idle,
                   Runnable leaveHttp) {
        this.host = host;
        this.dispatcher = dispatcher;
        this.decoder = decoder;
        this.idle = idle;
        this.leaveHttp = leaveHttp;
    }

    /** Bytes after an upgrade or CONNECT request: kept for the next protocol if a handler may take them. */
    void collect(ByteBuf bytes, Exchange current) {
        if (current != null && current.isUpgrade()) {
            received.add(bytes);
        } else {
            bytes.release(); // tunnel bytes nobody takes (CONNECT refused)
        }
    }

    /** The upgrade request is complete: its handler runs at the end of this read, once the bytes with it are in. */
    void requestComplete(Exchange exchange) {
        due = exchange;
    }

    /** Whether an upgrade handler is about to run: reading waits, so that its head bytes are exactly these. */
    boolean isDue() {
        return due != null;
    }

    void onReadComplete() {
        Exchange exchange = due;
        if (exchange != null) {
            due = null;
            dispatcher.upgrade(exchange, new DefaultUpgrade(exchange, this, received));
        }
    }

    /** Answers 101 (or 200 to CONNECT) with {@code headers}, then hands the channel to {@code next}. */
    void switchProtocols(Exchange exchange, Headers headers, ChannelHandler next, CompletableFuture<Channel> done) {
        if (!exchange.claimForSwitch()) {
            done.completeExceptionally(new IllegalStateException("the exchange can no longer switch protocols"));
            return;
        }
        RequestHead head = exchange.head();
        int status = head.isConnect() ? 200 : 101;
        if (status == 101) {
            headers.set("Connection", "upgrade");
        }
        ChannelHandlerContext ctx = host.context();
        ctx.writeAndFlush(new ResponseHead(status, null, headers, head.method(), head.version()))
                .addListener(future -> {
                    if (future.isSuccess()) {
                        handOff(next, done);
                    } else {
                        done.completeExceptionally(future.cause());
                        host.closeNow(CloseReason.CLIENT_ABORTED);
                    }
                });
    }

    private void handOff(ChannelHandler next, CompletableFuture<Channel> done) {
        leaveHttp.run();
        List<ByteBuf> bytes = new ArrayList<>(received);
        received.clear();
        ChannelHandlerContext ctx = host.context();
        ChannelPipeline pipeline = ctx.pipeline();
        if (idle != null && pipeline.context(idle) != null) {
            pipeline.remove(idle);
        }
        pipeline.remove(ctx.handler());
        UpgradeHandoff.switchTo(pipeline, decoder, null, next, bytes);
        pipeline.channel().config().setAutoRead(true);
        done.complete(pipeline.channel());
    }

    /** The connection closes: bytes nobody took are released. */
    void release() {
        received.forEach(ByteBuf::release);
        received.clear();
    }
}
