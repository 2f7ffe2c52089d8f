package dev.h1.server.api;

import dev.h1.codec.Headers;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;

import java.util.concurrent.CompletionStage;

/**
 * The handle an {@link UpgradeHandler} gets for one upgrade (or CONNECT) request: accept it with
 * {@link #switchProtocols}, or decline with an ordinary {@link #response()} after which the connection closes.
 * Methods may be called from any thread; the work happens on the event loop.
 */
public interface Upgrade {

    /** The connection's channel. */
    Channel channel();

    /**
     * The bytes the client sent after the request (and its body) before it heard back: Node's {@code head}. A
     * read-only view for inspection; {@link #switchProtocols} hands the bytes themselves to the next handler.
     */
    ByteBuf head();

    /**
     * Answers 101 (Switching Protocols), or 200 for CONNECT, with {@code headers} (an upgrade answer must name the
     * protocol in {@code Upgrade}; {@code Connection: upgrade} is added), flushes it, removes every h1 handler from the
     * pipeline and installs {@code next} where they were. {@code next} receives {@link #head()}'s bytes first, then
     * everything that follows, exactly once. Completes with the channel once {@code next} is in place.
     */
    CompletionStage<Channel> switchProtocols(Headers headers, ChannelHandler next);

    /** Declines: the response to send instead (for example 400 or 426); the connection closes after it. */
    ServerResponse response();
}
