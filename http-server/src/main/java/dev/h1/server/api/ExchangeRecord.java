package dev.h1.server.api;

import dev.h1.codec.RequestHead;

import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * What one exchange was, as {@link ExchangeListener} hears of it when it is over.
 *
 * @param request           the request's head as decoded: method, target, version and header fields
 * @param remoteAddress     the client's address, as {@link ServerRequest#remoteAddress()} gives it
 * @param start             when the request's head had been read (wall clock)
 * @param status            the status code of the response head that was written, or 0 when none was (the connection
 *                          closed first)
 * @param requestBodyBytes  body bytes read from the request (after chunked decoding), including bytes the server read
 *                          and discarded for an application that did not read the body
 * @param responseBodyBytes body bytes the application gave for the response (the content, before any transfer
 *                          coding; for a file, the bytes sent); zero for a response without a body
 * @param headNanos         nanoseconds from {@code start} until the response head was written to the connection, or
 *                          -1 when none was
 * @param totalNanos        nanoseconds from {@code start} until the response's last byte was handed to the transport,
 *                          or -1 when it never was
 * @param completed         whether the exchange ran to its end: the response fully written and the request fully read
 * @param closeReason       why the connection closed after (or during) this exchange, or {@code null} when it stays
 *                          open for the next request
 */
public record ExchangeRecord(RequestHead request, SocketAddress remoteAddress, Instant start, int status,
                             long requestBodyBytes, long responseBodyBytes, long headNanos, long totalNanos,
                             boolean completed, CloseReason closeReason) {

    /** The time to the response head, or {@code null} when no head was written. */
    public Duration timeToHead() {
        return headNanos < 0 ? null : Duration.ofNanos(headNanos);
    }

    /** The time to the response's last byte, or {@code null} when the response was not written to its end. */
    public Duration duration() {
        return totalNanos < 0 ? null : Duration.ofNanos(totalNanos);
    }
}
