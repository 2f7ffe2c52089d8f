package dev.h1.server.exchange;

import dev.h1.codec.Headers;

import java.util.function.Consumer;

/**
 * What the application has said about its response so far, as one immutable value: the status, reason, headers and
 * trailers, how far the response has been committed ({@link Phase}), and the work that calls from other threads left
 * for the event loop, in call order.
 *
 * <p>{@link DefaultServerResponse} holds the current draft and replaces it with one compare-and-set per call, which is
 * what makes every call atomic from any thread without a lock: a call that is not allowed in the draft it sees fails
 * at once, and the work of calls that succeeded is applied in the order the compare-and-sets succeeded. Header lists
 * are copied on write; a published {@link Headers} instance is never modified again.
 */
final class ResponseDraft {

    /** How far the response has been committed, as the application sees it. */
    enum Phase {
        /** Status and headers may still change. */
        OPEN,
        /** The head is fixed ({@code writeHead}, a first write, {@code flushHeaders}): only the body may follow. */
        HEAD_FIXED,
        /** {@code end}, {@code sendFile} or a protocol switch ended the response. */
        ENDED
    }

    /** Work for the event loop that a call from another thread claimed: a stack, newest first. */
    record Pending(Consumer<ResponseWriter> work, Pending next) {

        /** This stack in call order, oldest first. */
        Pending inCallOrder() {
            Pending ordered = null;
            for (Pending p = this; p != null; p = p.next) {
                ordered = new Pending(p.work, ordered);
            }
            return ordered;
        }
    }

    static final ResponseDraft INITIAL = new ResponseDraft(Phase.OPEN, 200, null, Headers.empty(), null, null);

    private static final String HEAD_SENT = ": the response head was already sent";

    final Phase phase;
    final int status;
    /** The reason phrase, or {@code null} for the registered phrase of the status. */
    final String reason;
    final Headers headers;
    /** Trailer fields, or {@code null} for none. */
    final Headers trailers;
    final Pending pending;

    private ResponseDraft(Phase phase, int status, String reason, Headers headers, Headers trailers,
                          Pending pending) {
        this.phase = phase;
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.trailers = trailers;
        this.pending = pending;
    }

    /** This draft, if the head may still change; {@link IllegalStateException} saying it cannot {@code what}. */
    ResponseDraft requireOpen(String what) {
        if (phase != Phase.OPEN) {
            throw new IllegalStateException("cannot " + what + HEAD_SENT);
        }
        return this;
    }

    /** This draft, if the response has not ended; {@link IllegalStateException} with {@code message}. */
    ResponseDraft requireNotEnded(String message) {
        if (phase == Phase.ENDED) {
            throw new IllegalStateException(message);
        }
        return this;
    }

    ResponseDraft withPhase(Phase next) {
        return next == phase ? this : new ResponseDraft(next, status, reason, headers, trailers, pending);
    }

    /** This draft moved to {@link Phase#HEAD_FIXED} unless it is past it. */
    ResponseDraft withHeadFixed() {
        return phase == Phase.OPEN ? withPhase(Phase.HEAD_FIXED) : this;
    }

    ResponseDraft withStatus(int code, String message) {
        return new ResponseDraft(phase, code, message, headers, trailers, pending);
    }

    ResponseDraft withReason(String message) {
        return new ResponseDraft(phase, status, message, headers, trailers, pending);
    }

    /** A draft whose headers are {@code change} applied to a copy of these. */
    ResponseDraft withHeaders(Consumer<Headers> change) {
        Headers copy = headers.copy();
        change.accept(copy);
        return new ResponseDraft(phase, status, reason, copy, trailers, pending);
    }

    /** A draft with {@code fields} added to the trailers. */
    ResponseDraft withTrailers(Headers fields) {
        Headers merged = trailers == null ? new Headers() : trailers.copy();
        fields.forEach(merged::add);
        return new ResponseDraft(phase, status, reason, headers, merged, pending);
    }

    ResponseDraft withPending(Pending next) {
        return new ResponseDraft(phase, status, reason, headers, trailers, next);
    }

    /** The server's own answer to a failure: {@code code}, a plain-text content type, nothing the application set. */
    ResponseDraft asErrorAnswer(int code) {
        Headers fields = new Headers().add("Content-Type", "text/plain; charset=utf-8");
        return new ResponseDraft(Phase.ENDED, code, null, fields, null, pending);
    }

    @Override
    public String toString() {
        return "ResponseDraft(" + phase + ", " + status + ", " + headers + ')';
    }
}
