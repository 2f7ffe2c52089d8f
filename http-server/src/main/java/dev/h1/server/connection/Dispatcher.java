package dev.h1.server.connection;

import dev.h1.codec.Expectation;
import dev.h1.codec.RequestHead;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ConnectionListener;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.Upgrade;
import dev.h1.server.exchange.Exchange;
import dev.h1.server.exchange.ServerError;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

/**
 * Every call from a connection into application code, each guarded so that a failing callback cannot break the
 * connection's state: the request handler, and the policy that decides which handler takes a request; the upgrade,
 * client-error and timeout handlers; the connection listener. Runs on the event loop; one per connection.
 */
final class Dispatcher {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(Dispatcher.class);

    private final ConnectionConfig config;
    private final RequestHandler handler;

    Dispatcher(ConnectionConfig config, RequestHandler handler) {
        this.config = config;
        this.handler = handler;
    }

    /**
     * Hands a new exchange to the application, or answers it on the server's behalf:
     * <ul>
     *   <li>an upgrade or CONNECT that an upgrade handler takes: its body is discarded, and the handler runs once the
     *       request is in ({@link #upgrade});</li>
     *   <li>CONNECT without an upgrade handler: 501, as there is no tunnel to offer (RFC 9110 §9.3.6);</li>
     *   <li>an {@code Expect} other than 100-continue: the expectation handler, or 417 (RFC 9110 §10.1.1);</li>
     *   <li>{@code Expect: 100-continue} with a check-continue handler: that handler;</li>
     *   <li>anything else: the request handler, on the event loop or on the configured handler executor.</li>
     * </ul>
     */
    void dispatch(Exchange exchange) {
        RequestHead head = exchange.head();
        if (exchange.isUpgrade()) {
            exchange.drainBody();
            return;
        }
        if (head.isConnect()) {
            exchange.fail(ServerError.CONNECT_NOT_SUPPORTED, null);
            return;
        }
        try {
            if (head.expectation() == Expectation.UNSUPPORTED) {
                if (config.checkExpectationHandler() == null) {
                    exchange.fail(ServerError.EXPECTATION_FAILED, null);
                } else {
                    config.checkExpectationHandler().handle(exchange.request(), exchange.response());
                }
            } else if (head.expectation() == Expectation.CONTINUE && config.checkContinueHandler() != null) {
                config.checkContinueHandler().handle(exchange.request(), exchange.response());
            } else if (config.handlerExecutor() != null) {
                handOff(exchange);
            } else {
                handler.handle(exchange.request(), exchange.response());
            }
        } catch (Exception | Error e) {
            exchange.failApplication(e);
        }
    }

    /**
     * Runs the request handler on the configured executor, where it may block; what it throws is handled on the event
     * loop, as any application failure. A rejected task is answered 500 (thrown here, on the loop).
     */
    private void handOff(Exchange exchange) {
        config.handlerExecutor().execute(() -> {
            try {
                handler.handle(exchange.request(), exchange.response());
            } catch (Exception | Error e) {
                exchange.onLoop(() -> exchange.failApplication(e));
            }
        });
    }

    /** Runs the upgrade handler for a complete upgrade or CONNECT request. */
    void upgrade(Exchange exchange, Upgrade upgrade) {
        try {
            config.upgradeHandler().onUpgrade(exchange.request(), upgrade);
        } catch (Exception | Error e) {
            exchange.failApplication(e);
        }
    }

    /** Lets the client-error handler answer; the safe default answer goes out if it neither answered nor closed. */
    void clientError(DefaultClientError error) {
        if (config.clientErrorHandler() != null) {
            try {
                config.clientErrorHandler().onClientError(error);
            } catch (RuntimeException e) {
                LOG.warn("client error handler failed", e);
            }
        }
        if (!error.isAnswered()) {
            error.respondDefault();
        }
    }

    /**
     * The idle timeout passed: the timeout handler decides, learning the exchange under way ({@code current}, or
     * null); returns false when there is none (then close).
     */
    boolean idle(HttpConnection connection, Exchange current) {
        if (config.timeoutHandler() == null) {
            return false;
        }
        try {
            config.timeoutHandler().onTimeout(connection, current == null ? null : current.request(),
                    current == null ? null : current.response());
        } catch (RuntimeException e) {
            LOG.warn("timeout handler failed", e);
        }
        return true;
    }

    /** A request came past the request limit and is answered 503: the connection listener hears of it. */
    void dropped(Exchange exchange) {
        ConnectionListener listener = config.connectionListener();
        if (listener != null) {
            try {
                listener.onDroppedRequest(exchange.request());
            } catch (RuntimeException e) {
                LOG.warn("connection listener failed", e);
            }
        }
    }

    /** The current exchange's own timeout ({@code setTimeout}) passed: its listener runs. */
    void exchangeIdle(Exchange exchange, Runnable listener) {
        try {
            listener.run();
        } catch (Exception | Error e) {
            exchange.failApplication(e);
        }
    }

    void opened(HttpConnection connection) {
        ConnectionListener listener = config.connectionListener();
        if (listener != null) {
            try {
                listener.onOpen(connection);
            } catch (RuntimeException e) {
                LOG.warn("connection listener failed", e);
            }
        }
    }

    void closed(HttpConnection connection, CloseReason reason) {
        ConnectionListener listener = config.connectionListener();
        if (listener != null) {
            try {
                listener.onClose(connection, reason);
            } catch (RuntimeException e) {
                LOG.warn("connection listener failed", e);
            }
        }
    }
}
