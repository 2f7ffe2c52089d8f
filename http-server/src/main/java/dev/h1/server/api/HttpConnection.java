package dev.h1.server.api;

import dev.h1.server.api.CloseReason;
import io.netty.channel.Channel;

import java.net.SocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * One client connection, as seen by listeners and exchanges. Thread-safe: every method may be called from any
 * thread; {@link #close()} is handed over to the connection's event loop.
 */
public interface HttpConnection {

    /** The Netty channel of this connection (its addresses are the socket's, even behind the PROXY protocol). */
    Channel channel();

    /**
     * The client's address: the socket's peer or, with the PROXY protocol ({@code ConnectionConfig.proxyProtocol()}),
     * the client the proxy's header told.
     */
    SocketAddress remoteAddress();

    /** The address the client connected to: the socket's own or, with the PROXY protocol, the one the header told. */
    SocketAddress localAddress();

    /** How many requests have started on this connection so far. */
    int requestCount();

    /** Closes the connection now (reason {@link CloseReason#APPLICATION_CLOSED}). */
    void close();

    /** Completes with the reason once the connection has closed. */
    CompletionStage<CloseReason> closeFuture();
}
