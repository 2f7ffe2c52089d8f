package dev.h1.server.connection;

import dev.h1.codec.DecodeFailure;
import dev.h1.codec.ParseError;
import dev.h1.server.api.CloseReason;
import dev.h1.server.exchange.Exchange;
import dev.h1.server.exchange.ExchangeHost;
import dev.h1.server.exchange.ServerError;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

/**
 * What a connection does when a request cannot be read: it is malformed, or a read deadline passed. Inside an
 * exchange the exchange answers ({@link Exchange#fail}); outside one it is a client error, which the client-error
 * handler or the safe default answer answers before the connection closes. Event loop only.
 */
final class ReadFailures implements Deadlines.Expiry {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ReadFailures.class);

    /** The state of the connection these failures need. */
    interface Reader {
        /** Whether requests are being taken (not closing, not after the last response). */
        boolean isTakingRequests();

        /** The exchange being read or answered, or null. */
        Exchange currentExchange();

        /** Takes no more requests: the answer to come is the last. */
        void stopTakingRequests();

        /** Closes the connection if nothing is under way. */
        void closeIfIdle(CloseReason reason);
    }

    private final ExchangeHost host;
    private final Reader reader;
    private final InboundQueue inbound;
    private final Dispatcher dispatcher;

    ReadFailures(ExchangeHost host, Reader reader, InboundQueue inbound, Dispatcher dispatcher) {
        this.host = host;
        this.reader = reader;
        this.inbound = inbound;
        this.dispatcher = dispatcher;
    }

    void onDecodeFailure(DecodeFailure failure) {
        LOG.debug("{} parse error {}: {}", host.context().channel(), failure.error(), failure.detail());
        Exchange current = reader.currentExchange();
        if (failure.error() == ParseError.TRUNCATED_MESSAGE) {
            host.closeNow(CloseReason.CLIENT_ABORTED); // RFC 9112 §8: the client ended its side inside a request
        } else if (current != null) {
            current.failRequest(new IllegalStateException("malformed request body"));
            current.fail(ServerError.MALFORMED_REQUEST, failure.error());
        } else {
            clientError(ServerError.MALFORMED_REQUEST, failure.error(), failure.detail());
        }
    }

    @Override
    public void onKeepAliveTimeout() {
        reader.closeIfIdle(CloseReason.KEEP_ALIVE_TIMEOUT);
    }

    @Override
    public void onHeadersTimeout() {
        if (reader.isTakingRequests() && reader.currentExchange() == null) {
            clientError(ServerError.HEADERS_TIMEOUT, null, "request head not received in time");
        }
    }

    @Override
    public void onRequestTimeout() {
        if (!reader.isTakingRequests()) {
            return;
        }
        Exchange current = reader.currentExchange();
        if (current == null) {
            clientError(ServerError.REQUEST_TIMEOUT, null, "request not received in time");
        } else if (!current.isRequestDone() && !inbound.holdsEndOfBody()) {
            current.failRequest(new IllegalStateException("request not received in time"));
            current.fail(ServerError.REQUEST_TIMEOUT, null);
        }
    }

    /** A client error outside any exchange: answered (by the handler, or the default answer), then closed. */
    private void clientError(ServerError error, ParseError parseError, String detail) {
        reader.stopTakingRequests();
        dispatcher.clientError(new DefaultClientError(host, parseError, error.status(parseError), detail,
                error.closeReason()));
    }
}
