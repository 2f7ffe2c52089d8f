package dev.h1.server.exchange;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.HttpConnection;
import io.netty.channel.ChannelHandlerContext;

import java.time.Duration;

/**
 * What an exchange needs of the connection it runs on: the one interface through which the request and response
 * reach their connection (implemented by the connection handler). Every method is called on the event loop.
 */
public interface ExchangeHost {

    /** The context of the connection handler: writes go through it, towards the encoder. */
    ChannelHandlerContext context();

    /** How the connection is served. */
    ConnectionConfig config();

    /**
     * The value of the {@code Keep-Alive} field a persistent response announces ({@code timeout=<seconds>}), or null
     * when the keep-alive timeout is off or under a second; computed once per connection.
     */
    String keepAliveValue();

    /** What makes the connection's response heads (and keeps the last to write again). */
    ResponseHeads responseHeads();

    /** The connection as the application sees it. */
    HttpConnection connection();

    /** Runs {@code task} on the event loop: now when called there, else after what was handed over before it. */
    void execute(Runnable task);

    /**
     * Flushes at the end of the current read batch (so that pipelined responses share a write), or now: at once when
     * outside a read, or when what is held reaches the channel's high-water mark.
     *
     * @param bytes the bytes just written, counted against the high-water mark; 0 for an end or a head
     */
    void flushSoon(long bytes);

    /** The body wants messages now: a consumer came, reading resumed, or draining began. */
    void onBodyWanted(Exchange exchange);

    /** The response's end was written (not necessarily flushed): the next request may be taken in. */
    void onResponseEnded(Exchange exchange);

    /** The last byte of a response whose end was announced reached the transport, or could not. */
    void onResponseFinished(Exchange exchange);

    /**
     * A write with a promise failed: the encoder refused it (the response is broken) or the transport failed. The
     * connection closes.
     */
    void onWriteFailed(Throwable cause);

    /**
     * Watches {@code exchange}, if it is still the current one, for {@code timeout} of inactivity ({@code setTimeout}
     * on its request or response); {@code listener} runs once when it passes, or, when null, the connection closes
     * ({@code IDLE_TIMEOUT}). {@link Duration#ZERO} stops watching.
     */
    void watchExchange(Exchange exchange, Duration timeout, Runnable listener);

    /** The current exchange read or wrote something: its inactivity timer starts over. */
    void exchangeActive();

    /** Closes the connection now, remembering the first reason given. */
    void closeNow(CloseReason reason);

    /** The first reason the connection was given to close, or null while nothing closes it. */
    CloseReason closeReason();
}
