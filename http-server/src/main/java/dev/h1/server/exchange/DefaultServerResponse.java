package dev.h1.server.exchange;

import dev.h1.codec.FieldText;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.InformationalResponse;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.codec.ResponseFraming;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.exchange.ResponseDraft.HeadSpec;
import dev.h1.server.exchange.ResponseDraft.Pending;
import dev.h1.server.exchange.ResponseDraft.Phase;
import dev.h1.server.exchange.ResponseOp.Interim;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The application's view of a response: the public facade over a {@link ResponseDraft} and the loop-side
 * {@link ResponseWriter}.
 *
 * <p><b>Threading.</b> Any method may be called from any thread. Each call claims its effect with one compare-and-set
 * of the draft, on the caller's thread: a call that is not allowed any more (a header after the head, a write after
 * {@code end}) fails right there, whichever thread made the earlier call. What must happen on the wire is then done
 * by the writer on the event loop: at once when the call is made there and nothing claimed earlier waits; otherwise
 * it rides in the draft and the loop applies it after everything claimed before it, so calls take effect in the order
 * their claims succeeded.
 */
final class DefaultServerResponse implements ServerResponse {

    /**
     * The draft's compare-and-set. A VarHandle is an intrinsic, where a field updater checks the receiver's class on
     * every call (PipelineBenchmark in http-tests: two claims per response on the event loop).
     */
    private static final VarHandle DRAFT;

    static {
        try {
            DRAFT = MethodHandles.lookup().findVarHandle(DefaultServerResponse.class, "draft", ResponseDraft.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private static final AtomicLongFieldUpdater<DefaultServerResponse> QUEUED =
            AtomicLongFieldUpdater.newUpdater(DefaultServerResponse.class, "queuedBytes");

    private final Exchange exchange;
    private final ResponseWriter writer;
    private volatile ResponseDraft draft = ResponseDraft.INITIAL;
    /**
     * Body bytes that writes on other threads claimed and the event loop has not written yet: they count against the
     * water marks, or a writer on another thread could queue without bound while write() kept returning true.
     */
    private volatile long queuedBytes;
    /** Event loop only: claimed work is being applied; work claimed meanwhile on the loop waits its turn. */
    private boolean applying;

    DefaultServerResponse(Exchange exchange, ResponseWriter writer) {
        this.exchange = exchange;
        this.writer = writer;
    }

    ResponseDraft draft() {
        return draft;
    }

    // ---- status and headers: pure changes of the draft ----

    @Override
    public int statusCode() {
        return draft.status;
    }

    @Override
    public ServerResponse statusCode(int code) {
        checkStatus(code);
        update(ResponseDraft::withStatus, code, null);
        return this;
    }

    @Override
    public String statusMessage() {
        ResponseDraft current = draft;
        return current.reason != null ? current.reason : HttpStatus.reasonPhrase(current.status);
    }

    @Override
    public ServerResponse statusMessage(String message) {
        FieldText.checkReasonPhrase(message);
        update(ResponseDraft::withReason, message, null);
        return this;
    }

    @Override
    public ServerResponse setHeader(String name, String value) {
        FieldText.checkHeaderName(name);
        FieldText.checkFieldValue(name, value);
        update(ResponseDraft::withHeaderSet, name, value);
        return this;
    }

    @Override
    public ServerResponse setHeader(String name, Iterable<String> values) {
        FieldText.checkHeaderName(name);
        List<String> checked = new ArrayList<>();
        for (String value : values) {
            FieldText.checkFieldValue(name, value);
            checked.add(value);
        }
        update(ResponseDraft::withHeaderValues, name, checked);
        return this;
    }

    @Override
    public ServerResponse appendHeader(String name, String value) {
        FieldText.checkHeaderName(name);
        FieldText.checkFieldValue(name, value);
        update(ResponseDraft::withHeaderAdded, name, value);
        return this;
    }

    @Override
    public String getHeader(String name) {
        return draft.headers.get(name);
    }

    @Override
    public List<String> getHeaderValues(String name) {
        return draft.headers.getAll(name);
    }

    @Override
    public Headers getHeaders() {
        return draft.headers.copy();
    }

    @Override
    public Set<String> getHeaderNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String name : draft.headers.names()) {
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return names;
    }

    @Override
    public boolean hasHeader(String name) {
        return draft.headers.contains(name);
    }

    @Override
    public ServerResponse removeHeader(String name) {
        update(ResponseDraft::withHeaderRemoved, name, null);
        return this;
    }

    @Override
    public ServerResponse addTrailers(Headers fields) {
        fields.forEach(FieldText::checkFieldValue);
        fields.forEach((name, value) -> FieldText.checkTrailerName(name));
        update(DefaultServerResponse::withTrailers, fields.copy(), this);
        return this;
    }

    private static ResponseDraft withTrailers(ResponseDraft d, Headers fields, DefaultServerResponse self) {
        d.requireNotEnded("cannot add trailers: the response has ended");
        // The application framed the body with its own Content-Length: there will be no trailer section. (Other
        // framings without one, such as HTTP/1.0 or no body, drop the trailers at the end, as Node does.)
        if (d.phase == Phase.HEAD_FIXED && self.framingOf(d) == ResponseFraming.FIXED_LENGTH) {
            throw new IllegalStateException("cannot add trailers: the response is not chunked");
        }
        return d.withTrailers(fields);
    }

    // ---- the head and the body: claims with work for the writer ----

    @Override
    public ServerResponse writeHead(int code) {
        return writeHead(code, null, Headers.empty());
    }

    @Override
    public ServerResponse writeHead(int code, String message) {
        return writeHead(code, message, Headers.empty());
    }

    @Override
    public ServerResponse writeHead(int code, Headers extra) {
        return writeHead(code, null, extra);
    }

    @Override
    public ServerResponse writeHead(int code, String message, Headers extra) {
        checkStatus(code);
        FieldText.checkReasonPhrase(message);
        extra.forEach(FieldText::checkFieldValue);
        extra.forEach((name, value) -> FieldText.checkHeaderName(name));
        commit(ResponseOp.WRITE_HEAD, new HeadSpec(code, message, extra.copy(0)), 0);
        return this;
    }

    @Override
    public boolean headersSent() {
        return draft.phase != Phase.OPEN;
    }

    @Override
    public ServerResponse flushHeaders() {
        commit(ResponseOp.FLUSH_HEAD, null, 0);
        return this;
    }

    @Override
    public boolean write(ByteBuf data) {
        long size = data.readableBytes();
        boolean queued = !exchange.inEventLoop();
        if (queued) {
            QUEUED.addAndGet(this, size);
        }
        try {
            commit(ResponseOp.WRITE, data, queued ? size : 0);
        } catch (IllegalStateException refused) {
            if (queued) {
                QUEUED.addAndGet(this, -size);
            }
            throw refused;
        }
        return writer.isWritableForCaller(queuedBytes);
    }

    @Override
    public boolean write(byte[] data) {
        return write(copy(data));
    }

    @Override
    public boolean write(String text) {
        return write(utf8(text));
    }

    @Override
    public boolean write(String text, Charset charset) {
        return write(Unpooled.wrappedBuffer(text.getBytes(charset)));
    }

    @Override
    public ServerResponse onDrain(Runnable listener) {
        commit(ResponseOp.DRAIN_LISTENER, listener, 0);
        return this;
    }

    @Override
    public CompletionStage<Void> end() {
        return endWith(null);
    }

    @Override
    public CompletionStage<Void> end(ByteBuf data) {
        return endWith(data);
    }

    @Override
    public CompletionStage<Void> end(byte[] data) {
        return endWith(copy(data));
    }

    @Override
    public CompletionStage<Void> end(String text) {
        return endWith(utf8(text));
    }

    private CompletionStage<Void> endWith(ByteBuf data) {
        commit(ResponseOp.END, data, 0);
        return writer.finished();
    }

    @Override
    public CompletionStage<Void> writeContinue() {
        return writeInterim("writeContinue", InformationalResponse.CONTINUE);
    }

    @Override
    public CompletionStage<Void> writeEarlyHints(Headers hints) {
        hints.forEach(FieldText::checkFieldValue);
        hints.forEach((name, value) -> FieldText.checkHeaderName(name));
        return writeInterim("writeEarlyHints", InformationalResponse.earlyHints(hints.copy(0)));
    }

    private CompletionStage<Void> writeInterim(String call, InformationalResponse message) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            commit(ResponseOp.INTERIM, new Interim(call, message, written), 0);
        } catch (IllegalStateException refused) {
            written.completeExceptionally(refused);
        }
        return written;
    }

    @Override
    public CompletionStage<Void> sendFile(Path file) {
        return sendFile(file, 0, -1);
    }

    @Override
    public CompletionStage<Void> sendFile(Path file, long offset, long length) {
        draft.requireNotEnded("sendFile after end");
        FileSender sender;
        try {
            sender = FileSender.open(file, offset, length);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e); // nothing was sent: the application may still answer
        }
        commit(ResponseOp.SEND_FILE, sender, 0);
        return writer.finished();
    }

    @Override
    public boolean writableEnded() {
        return draft.phase == Phase.ENDED;
    }

    @Override
    public CompletionStage<Void> finished() {
        return writer.finished();
    }

    @Override
    public CompletionStage<Void> closed() {
        return exchange.closedStage();
    }

    @Override
    public boolean isAborted() {
        return writer.isAborted();
    }

    // ---- the server's own claims, on the event loop ----

    /** Claims the response for the server's error answer; false if the application already fixed the head. */
    boolean claimForError(int code) {
        applyPending();
        ResponseDraft current;
        do {
            current = draft;
            if (current.phase != Phase.OPEN) {
                return false;
            }
        } while (!DRAFT.compareAndSet(this, current, current.asErrorAnswer(code)));
        return true;
    }

    /** Claims the response for a protocol switch the connection writes itself; false if the head was claimed. */
    boolean claimForSwitch() {
        applyPending();
        ResponseDraft current;
        do {
            current = draft;
            if (current.phase != Phase.OPEN) {
                return false;
            }
        } while (!DRAFT.compareAndSet(this, current, current.withPhase(Phase.ENDED)));
        return true;
    }

    /** Applies, in call order, the work that calls from other threads left in the draft. Event loop. */
    void applyPending() {
        if (applying) {
            return; // the running loop below takes it
        }
        applying = true;
        try {
            for (ResponseDraft current = draft; current.pending != null; current = draft) {
                if (DRAFT.compareAndSet(this, current, current.withPending(null))) {
                    for (Pending p = current.pending.inCallOrder(); p != null; p = p.next()) {
                        if (p.queuedBytes() != 0) {
                            QUEUED.addAndGet(this, -p.queuedBytes());
                        }
                        apply(p.op(), p.arg());
                    }
                }
            }
        } finally {
            applying = false;
        }
    }

    // ---- the claim mechanism ----

    /** A change of the draft with two arguments; a method reference to one allocates nothing. */
    @FunctionalInterface
    private interface Change<A, B> {
        ResponseDraft apply(ResponseDraft draft, A a, B b);
    }

    /** Replaces the draft by {@code change} applied to it, atomically; {@code change} throws to refuse. */
    private <A, B> void update(Change<A, B> change, A a, B b) {
        ResponseDraft current;
        ResponseDraft next;
        do {
            current = draft;
            next = change.apply(current, a, b);
        } while (next != current && !DRAFT.compareAndSet(this, current, next));
    }

    /**
     * Claims {@code op} with {@code arg} and has the writer carry it out: right away when on the event loop with
     * nothing claimed before still waiting, else carried in the draft to the loop, behind what waits. A refused call
     * releases what {@code arg} holds, then throws.
     *
     * @param queuedBytes body bytes that count against the water marks until the work is applied
     */
    private void commit(ResponseOp op, Object arg, long queuedBytes) {
        boolean onLoop = exchange.inEventLoop();
        while (true) {
            ResponseDraft current = draft;
            if (onLoop && !applying && current.pending != null) {
                applyPending(); // earlier claims first
                continue;
            }
            boolean now = onLoop && !applying;
            ResponseDraft next;
            try {
                next = op.claim(current, arg);
            } catch (IllegalStateException refused) {
                op.refused(arg);
                throw refused;
            }
            if (!now) {
                next = next.withPending(new Pending(op, arg, queuedBytes, current.pending));
            }
            if (next == current || DRAFT.compareAndSet(this, current, next)) {
                if (now) {
                    apply(op, arg);
                } else if (current.pending == null && !onLoop) {
                    exchange.onLoop(this::applyPending); // the first waiting claim schedules the loop
                }
                return;
            }
        }
    }

    private void apply(ResponseOp op, Object arg) {
        try {
            op.apply(writer, arg);
        } catch (RuntimeException e) {
            exchange.failApplication(e);
        }
    }

    /** {@code data} copied into a buffer of the connection's allocator (the caller may reuse its array). */
    private ByteBuf copy(byte[] data) {
        return exchange.host().context().alloc().buffer(data.length).writeBytes(data);
    }

    /** {@code text} encoded as UTF-8 straight into a buffer of the connection's allocator, with no array between. */
    private ByteBuf utf8(String text) {
        return ByteBufUtil.writeUtf8(exchange.host().context().alloc(), text);
    }

    /** The framing of the head fixed in {@code d}, or null if it cannot be framed (the encoder will refuse it). */
    private ResponseFraming framingOf(ResponseDraft d) {
        try {
            return ResponseFraming.of(d.status, exchange.head().method(), exchange.head().version(), d.headers);
        } catch (ResponseEncodeException unframeable) {
            return null;
        }
    }

    private static void checkStatus(int code) {
        if (code < 200 || code > 999) {
            throw new IllegalArgumentException("status must be 200..999 (1xx: writeContinue, writeEarlyHints or "
                    + "an upgrade): " + code);
        }
    }

    @Override
    public String toString() {
        return "ServerResponse(" + draft.status + ", " + draft.phase + ", " + writer + ')';
    }
}
