package dev.h1.server.exchange;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.RequestHead;
import io.netty.buffer.ByteBuf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * What the application has said about its response so far, as one immutable value: the status, reason, headers and
 * trailers, how far the response has been committed ({@link Phase}), and the work that calls from other threads left
 * for the event loop, in call order.
 *
 * <p>{@link ResponseClaims} holds the current draft and changes it with one compare-and-set per call, which is what
 * makes every call atomic from any thread without a lock: a call that is not allowed in the draft it sees fails at
 * once, and the work of calls that succeeded is applied in the order the compare-and-sets succeeded. Header lists are
 * copied on write, exactly sized; a published {@link Headers} instance is never modified again.
 *
 * <p>Everything but the phase is fixed at construction. The phase only moves forward, and it moves in place
 * ({@link #advance}): the first write fixing the head and the end change no header, so they make no new draft
 * (PipelineBenchmark in http-tests: a new draft for each was a sixth of the bytes a plaintext exchange allocated).
 * Any other change makes a new draft and first links it here in place of the phase ({@link #link}), expecting the
 * phase it was made from: a replaced draft's phase never moves again, and a draft whose phase moved is not replaced by
 * a change made from its earlier phase. Whichever compare-and-set on {@link #state} wins orders the calls.
 * {@link #INITIAL}, shared by every response, is never changed: the first call replaces it in the response instead.
 */
final class ResponseDraft {

    /** How far the response has been committed, as the application sees it. */
    enum Phase {
        /** Status and headers may still change. */
        OPEN,
        /** The head is fixed ({@code writeHead}, a first write, {@code flushHeaders}): only the body may follow. */
        HEAD_FIXED,
        /** {@code end}, {@code sendFile} or a protocol switch ended the response. */
        ENDED;

        /** This phase, unless the response ended: then {@link IllegalStateException} with {@code message}. */
        Phase requireNotEnded(String message) {
            if (this == ENDED) {
                throw new IllegalStateException(message);
            }
            return this;
        }
    }

    /**
     * Work for the event loop that a call from another thread claimed: a stack, newest first.
     *
     * @param queuedBytes body bytes of this work that count against the water marks until it is applied
     */
    record Pending(ResponseOp op, Object arg, long queuedBytes, Pending next) {

        /** This stack in call order, oldest first. */
        Pending inCallOrder() {
            Pending ordered = null;
            for (Pending p = this; p != null; p = p.next) {
                ordered = new Pending(p.op, p.arg, p.queuedBytes, ordered);
            }
            return ordered;
        }
    }

    /**
     * The header fields that frame the body or manage the connection, noted as the application sets them, so that
     * writing the head needs no search for them (PipelineBenchmark in http-tests: several searches per response).
     */
    static final int CONTENT_LENGTH = 1;
    static final int TRANSFER_ENCODING = 2;
    static final int CONNECTION = 4;
    static final int KEEP_ALIVE = 8;
    /** Not a field: the application turned the {@code Date} field off ({@code sendDate(false)}). */
    static final int NO_DATE = 16;

    /** Before {@link #INITIAL}: the constructor uses it. */
    private static final VarHandle STATE = FieldHandles.of(MethodHandles.lookup(), "state", Object.class);

    static final ResponseDraft INITIAL = new ResponseDraft(Phase.OPEN, 200, null, Headers.empty(), 0, null, null);

    private static final String HEAD_SENT = ": the response head was already sent";

    /** The {@link Phase}, or the {@code ResponseDraft} that replaced this one. */
    private volatile Object state;
    final int status;
    /** The reason phrase, or {@code null} for the registered phrase of the status. */
    final String reason;
    final Headers headers;
    /**
     * Which of {@link #CONTENT_LENGTH}, {@link #TRANSFER_ENCODING}, {@link #CONNECTION}, {@link #KEEP_ALIVE} it has,
     * and {@link #NO_DATE}.
     */
    final int marks;
    /** Trailer fields, or {@code null} for none. */
    final Headers trailers;
    final Pending pending;

    private ResponseDraft(Phase phase, int status, String reason, Headers headers, int marks, Headers trailers,
                          Pending pending) {
        // A plain store: a draft reaches other threads only through the compare-and-set that publishes it (of the
        // response's draft, or of the state of the draft it replaces), and a volatile store would cost a fence per
        // draft made (perf of PipelineBenchmark h1Plaintext in http-tests, where the constructors run per request).
        STATE.set(this, phase);
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.marks = marks;
        this.trailers = trailers;
        this.pending = pending;
    }

    // ---- the phase, changed in place ----

    /** The phase, or, once replaced, the draft that replaced this one: what a compare-and-set expects to find. */
    Object state() {
        return state;
    }

    /** The phase of this draft or, once replaced, of the draft that replaced it. */
    Phase phase() {
        Object current = state;
        while (current instanceof ResponseDraft next) {
            current = next.state;
        }
        return (Phase) current;
    }

    /** Moves the phase from {@code seen} to {@code next}, unless it moved or this draft was replaced since. */
    boolean advance(Phase seen, Phase next) {
        assert this != INITIAL && next.compareTo(seen) >= 0;
        return STATE.compareAndSet(this, seen, next);
    }

    /**
     * Names {@code next} as the draft that replaces this one, unless the phase moved from {@code seen} or another draft
     * was named since; the response then publishes {@code next} (or anyone who finds it here does).
     */
    boolean link(Phase seen, ResponseDraft next) {
        assert this != INITIAL;
        return STATE.compareAndSet(this, seen, next);
    }

    /**
     * This draft, if the head may still change; else {@link IllegalStateException} saying it cannot {@code what}
     * {@code name} (the message is built only then).
     */
    ResponseDraft requireOpen(String what, String name) {
        if (phase() != Phase.OPEN) {
            throw new IllegalStateException("cannot " + what + name + HEAD_SENT);
        }
        return this;
    }

    /** This draft, if the response has not ended; {@link IllegalStateException} with {@code message}. */
    ResponseDraft requireNotEnded(String message) {
        phase().requireNotEnded(message);
        return this;
    }

    /** A new draft like this one, in {@code phase}, with {@code next} as the work waiting for the event loop. */
    ResponseDraft with(Phase phase, Pending next) {
        return new ResponseDraft(phase, status, reason, headers, marks, trailers, next);
    }

    // ---- the changes of the head, each refused once the head is fixed ----

    ResponseDraft withStatus(Integer code, Object unused) {
        requireOpen("set the status", "");
        return new ResponseDraft(Phase.OPEN, code, reason, headers, marks, trailers, pending);
    }

    ResponseDraft withReason(String message, Object unused) {
        requireOpen("set the status message", "");
        return new ResponseDraft(Phase.OPEN, status, message, headers, marks, trailers, pending);
    }

    ResponseDraft withHeaderSet(String name, String value) {
        requireOpen("set header ", name);
        Headers copy = headers.copy(1);
        copy.set(name, value);
        return withHeaders(copy, marks | markOf(name));
    }

    ResponseDraft withHeaderValues(String name, List<String> values) {
        requireOpen("set header ", name);
        Headers copy = headers.copy(values.size());
        copy.remove(name);
        values.forEach(value -> copy.add(name, value));
        return withHeaders(copy, values.isEmpty() ? marks & ~markOf(name) : marks | markOf(name));
    }

    /** Whether the encoder adds a {@code Date} field ({@code sendDate}). */
    ResponseDraft withSendDate(Boolean send, Object unused) {
        requireOpen("set sendDate", "");
        return withHeaders(headers, send ? marks & ~NO_DATE : marks | NO_DATE);
    }

    /** Every field of {@code fields} set, each name's values replacing what it had ({@code setHeaders}). */
    ResponseDraft withHeadersSet(Headers fields, Object unused) {
        requireOpen("set headers", "");
        Headers copy = headers.copy(fields.size());
        int added = marks;
        for (String name : fields.names()) {
            copy.remove(name);
            added |= markOf(name);
        }
        fields.forEach(copy::add);
        return withHeaders(copy, added);
    }

    ResponseDraft withHeaderAdded(String name, String value) {
        requireOpen("append to header ", name);
        return withHeaders(headers.copy(1).add(name, value), marks | markOf(name));
    }

    ResponseDraft withHeaderRemoved(String name, Object unused) {
        requireOpen("remove header ", name);
        if (!headers.contains(name)) {
            return this;
        }
        Headers copy = headers.copy(0);
        copy.remove(name);
        return withHeaders(copy, marks & ~markOf(name));
    }

    /** The head {@code writeHead} fixes: {@code spec}'s status and reason, its headers replacing same-named ones. */
    ResponseDraft withHead(HeadSpec spec) {
        requireOpen("writeHead", "");
        ResponseDraft merged = withHeadersSet(spec.headers(), null);
        return new ResponseDraft(Phase.HEAD_FIXED, spec.status(), spec.reason() != null ? spec.reason() : reason,
                merged.headers, merged.marks, trailers, pending);
    }

    /** A draft with {@code fields} added to the trailers. */
    ResponseDraft withTrailers(Headers fields) {
        Headers merged = trailers == null ? fields.copy(0) : trailers.copy(fields.size());
        if (trailers != null) {
            fields.forEach(merged::add);
        }
        return new ResponseDraft(phase(), status, reason, headers, marks, merged, pending);
    }

    /** The server's own answer to a failure: {@code code}, a plain-text content type, nothing the application set. */
    ResponseDraft asErrorAnswer(int code) {
        Headers fields = new Headers().add("Content-Type", "text/plain; charset=utf-8");
        return new ResponseDraft(Phase.ENDED, code, null, fields, 0, null, pending);
    }

    /**
     * The Content-Length to announce when the whole body is given to {@code end} before anything else was written,
     * or -1 for none: none when trailers wait to be sent (only a chunked body has a trailer section, RFC 9112
     * §7.1.2), when the application framed the body itself, or when the status has no body (1xx, 204, 304).
     *
     * <p>A HEAD answer announces the length of the body a GET would get, or nothing (RFC 9110 §9.3.2, §8.6): the
     * length of the body given to {@code end} (the application passes its GET body, which is not sent), and none for
     * a bare {@code end()}, whose length only the application knows.
     */
    long lengthToAnnounce(RequestHead request, ByteBuf data) {
        if (status < HttpStatus.OK.code() || status == HttpStatus.NO_CONTENT.code()
                || status == HttpStatus.NOT_MODIFIED.code()
                || has(CONTENT_LENGTH | TRANSFER_ENCODING)) {
            return -1;
        }
        if ("HEAD".equals(request.method())) {
            return data == null || !data.isReadable() ? -1 : data.readableBytes();
        }
        boolean trailing = hasTrailers() && request.version() == HttpVersion.HTTP_1_1;
        return trailing ? -1 : data == null ? 0 : data.readableBytes();
    }

    /** Whether the application added trailer fields ({@code addTrailers}). */
    boolean hasTrailers() {
        return trailers != null && !trailers.isEmpty();
    }

    /** Whether the application set any of the fields {@code mask} marks. */
    boolean has(int mask) {
        return (marks & mask) != 0;
    }

    /** A new draft with {@code copy} as its headers; only ever made while the head is open. */
    private ResponseDraft withHeaders(Headers copy, int newMarks) {
        return new ResponseDraft(Phase.OPEN, status, reason, copy, newMarks, trailers, pending);
    }

    /** The mark of the field {@code name} (any case), or 0 when it is none of the marked ones. */
    static int markOf(String name) {
        return switch (name.length()) {
            case 10 -> name.equalsIgnoreCase("Connection") ? CONNECTION
                    : name.equalsIgnoreCase("Keep-Alive") ? KEEP_ALIVE : 0;
            case 14 -> name.equalsIgnoreCase("Content-Length") ? CONTENT_LENGTH : 0;
            case 17 -> name.equalsIgnoreCase("Transfer-Encoding") ? TRANSFER_ENCODING : 0;
            default -> 0;
        };
    }

    /** What {@code writeHead} fixes: status, reason ({@code null}: keep), and headers to add. */
    record HeadSpec(int status, String reason, Headers headers) {
    }

    @Override
    public String toString() {
        return "ResponseDraft(" + phase() + ", " + status + ", " + headers + ')';
    }
}
