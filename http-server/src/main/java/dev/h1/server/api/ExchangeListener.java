package dev.h1.server.api;

/**
 * Hears of every exchange once it is over: the hook for metrics (for example Micrometer timers and counters), tracing
 * and access logs ({@link dev.h1.server.AccessLog} is one).
 *
 * <p>Called once per exchange, on the connection's event loop, when the response has been written to the transport
 * and the request has been read to its end, or when the connection closed before that. It must not block: hand slow
 * work (a remote exporter, a file) to another thread. An exception it throws is logged and otherwise ignored.
 *
 * <p>Without a listener configured the server keeps no timings at all; with one, an exchange costs two
 * {@link System#nanoTime()} calls, a clock read and the record.
 */
@FunctionalInterface
public interface ExchangeListener {

    /** {@code exchange} is over; the record is this call's to keep. */
    void onExchange(ExchangeRecord exchange);
}
