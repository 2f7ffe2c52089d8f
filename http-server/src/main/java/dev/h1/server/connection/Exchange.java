package dev.h1.server.connection;

import dev.h1.codec.Expectation;
import dev.h1.codec.RequestHead;
import dev.h1.server.api.CloseReason;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One request and its response on a connection. Owns the persistence decision for this exchange (which only ever
 * moves from keep-alive to close) and the stage that completes when the exchange is over. Used on the event loop.
 */
final class Exchange {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(Exchange.class);

    private final Http1Connection connection;
    private final RequestHead head;
    private final DefaultServerRequest request;
    private final DefaultServerResponse response;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final boolean upgrade;

    private volatile Persistence persistence; // read by ServerRequest.isKeepAlive() on any thread
    private CloseReason closeReason;
    private boolean continueSent;

    Exchange(Http1Connection connection, RequestHead head, Persistence persistence, CloseReason closeReason,
             boolean upgrade) {
        this.connection = connection;
        this.head = head;
        this.persistence = persistence;
        this.closeReason = closeReason;
        this.upgrade = upgrade;
        this.request = new DefaultServerRequest(this, head);
        this.response = new DefaultServerResponse(this, head);
    }

    Http1Connection connection() {
        return connection;
    }

    RequestHead head() {
        return head;
    }

    DefaultServerRequest request() {
        return request;
    }

    DefaultServerResponse response() {
        return response;
    }

    boolean isUpgrade() {
        return upgrade;
    }

    Persistence persistence() {
        return persistence;
    }

    CloseReason closeReason() {
        return closeReason;
    }

    /** Turns persistence off for this exchange; the first reason given is the one reported. */
    void closeAfterResponse(CloseReason reason) {
        if (persistence == Persistence.KEEP_ALIVE) {
            persistence = Persistence.CLOSE_AFTER_RESPONSE;
            closeReason = reason;
        }
    }

    /** Whether the client is still waiting for 100 (Continue) before it sends the body (RFC 9110 §10.1.1). */
    boolean isAwaitingContinue() {
        return head.expectation() == Expectation.CONTINUE && !continueSent && request.hasBody()
                && !request.isComplete();
    }

    void markContinueSent() {
        continueSent = true;
    }

    /** The application asked for the body: a client waiting for 100 (Continue) gets it now (the default policy). */
    void onBodyRequested() {
        if (isAwaitingContinue() && !response.headersSent()) {
            response.writeContinue();
        }
    }

    void onBodyTooLarge(long maxBytes) {
        connection.onBodyTooLarge(this);
    }

    void onDrainLimitExceeded() {
        connection.closeNow(CloseReason.BODY_TOO_LARGE);
    }

    void onApplicationError(Throwable cause) {
        connection.onApplicationError(this, cause);
    }

    CompletionStage<Void> closedStage() {
        return closed;
    }

    /** The exchange is over, normally or not. */
    void complete(boolean aborted) {
        if (aborted) {
            failRequest(new dev.h1.server.api.RequestAbortedException("connection closed"), true);
            response.onAborted();
        }
        closed.complete(null);
    }

    /**
     * The request body will not complete. A body listener that throws from {@code onError} is logged: the connection
     * is failing or closing anyway, and must still release its buffers and report its close.
     */
    void failRequest(Throwable cause, boolean clientAborted) {
        try {
            request.fail(cause, clientAborted);
        } catch (RuntimeException e) {
            LOG.warn("{} body listener failed in onError", connection.channel(), e);
        }
    }
}
