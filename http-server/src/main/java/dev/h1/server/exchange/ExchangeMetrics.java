package dev.h1.server.exchange;

import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ExchangeListener;
import dev.h1.server.api.ExchangeRecord;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.time.Instant;

/**
 * The timings and byte counts of one exchange, kept only when an {@link ExchangeListener} is configured (the exchange
 * holds none otherwise, so that an unobserved server pays nothing). Event loop only.
 */
final class ExchangeMetrics {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ExchangeMetrics.class);

    private final ExchangeListener listener;
    private final Instant start = Instant.now();
    private final long startNanos = System.nanoTime();
    private int status;
    private long requestBodyBytes;
    private long responseBodyBytes;
    private long headNanos = -1;
    private long totalNanos = -1;

    ExchangeMetrics(ExchangeListener listener) {
        this.listener = listener;
    }

    void requestBody(long bytes) {
        requestBodyBytes += bytes;
    }

    void responseBody(long bytes) {
        responseBodyBytes += bytes;
    }

    /** The response head with {@code code} was written to the connection. */
    void headWritten(int code) {
        status = code;
        headNanos = System.nanoTime() - startNanos;
    }

    /** The response's last byte reached the transport. */
    void lastByteWritten() {
        totalNanos = System.nanoTime() - startNanos;
    }

    /** Tells the listener; what it throws is logged, never passed on to the connection. */
    void report(Exchange exchange, boolean completed, CloseReason closeReason) {
        ExchangeRecord record = new ExchangeRecord(exchange.head(), exchange.request().remoteAddress(), start, status,
                requestBodyBytes, responseBodyBytes, headNanos, totalNanos, completed, closeReason);
        try {
            listener.onExchange(record);
        } catch (RuntimeException e) {
            LOG.warn("exchange listener failed", e);
        }
    }
}
