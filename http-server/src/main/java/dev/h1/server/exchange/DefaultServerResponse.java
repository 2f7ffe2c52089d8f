package dev.h1.server.exchange;

import dev.h1.codec.FieldText;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.InformationalResponse;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.codec.ResponseFraming;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.api.WriteCallback;
import dev.h1.server.exchange.ResponseDraft.HeadSpec;
import dev.h1.server.exchange.ResponseDraft.Phase;
import dev.h1.server.exchange.ResponseOp.Interim;
import dev.h1.server.exchange.ResponseOp.Observed;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The application's view of a response: the public facade over a {@link ResponseDraft} and the loop-side
 * {@link ResponseWriter}.
 *
 * <p><b>Threading.</b> Any method may be called from any thread: each call claims its effect through
 * {@link ResponseClaims}, so one that is not allowed any more fails right there, and calls take effect on the wire in
 * the order their claims succeeded.
 */
final class DefaultServerResponse extends ResponseClaims implements ServerResponse {

    private static final InformationalResponse PROCESSING =
            new InformationalResponse(HttpStatus.PROCESSING.code(), Headers.empty());

    DefaultServerResponse(Exchange exchange) {
        super(exchange);
    }

    // ---- status and headers: pure changes of the draft ----

    @Override
    public int statusCode() {
        return draft().status;
    }

    @Override
    public ServerResponse statusCode(int code) {
        checkStatus(code);
        update(ResponseDraft::withStatus, code, null);
        return this;
    }

    @Override
    public String statusMessage() {
        ResponseDraft current = draft();
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
    public ServerResponse setHeaders(Headers fields) {
        checkFields(fields);
        update(ResponseDraft::withHeadersSet, fields.copy(0), null);
        return this;
    }

    @Override
    public ServerResponse setHeaders(Map<String, String> fields) {
        return setHeaders(Headers.of(fields));
    }

    @Override
    public String getHeader(String name) {
        return draft().headers.get(name);
    }

    @Override
    public List<String> getHeaderValues(String name) {
        return draft().headers.getAll(name);
    }

    @Override
    public Headers getHeaders() {
        return draft().headers.copy();
    }

    @Override
    public Set<String> getHeaderNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String name : draft().headers.names()) {
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return names;
    }

    @Override
    public boolean hasHeader(String name) {
        return draft().headers.contains(name);
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
        if (d.phase() == Phase.HEAD_FIXED && self.framingOf(d) == ResponseFraming.FIXED_LENGTH) {
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
        checkFields(extra);
        commit(ResponseOp.WRITE_HEAD, new HeadSpec(code, message, extra.copy(0)), 0);
        return this;
    }

    @Override
    public ServerResponse writeHead(int code, Map<String, String> extra) {
        return writeHead(code, null, Headers.of(extra));
    }

    @Override
    public boolean headersSent() {
        return draft().phase() != Phase.OPEN;
    }

    @Override
    public ServerResponse flushHeaders() {
        commit(ResponseOp.FLUSH_HEAD, null, 0);
        return this;
    }

    @Override
    public boolean write(ByteBuf data) {
        return writeClaimed(ResponseOp.WRITE, data, data);
    }

    @Override
    public boolean write(ByteBuf data, WriteCallback callback) {
        if (callback == null) {
            data.release();
            throw new IllegalArgumentException("callback is null");
        }
        return writeClaimed(ResponseOp.WRITE_OBSERVED, new Observed(data, callback), data);
    }

    /** Claims a body write ({@code op} with {@code arg}, which holds {@code data}); true while the caller may go on. */
    private boolean writeClaimed(ResponseOp op, Object arg, ByteBuf data) {
        long size = data.readableBytes();
        boolean queued = !exchange.inEventLoop();
        if (queued) {
            addQueued(size);
        }
        try {
            commit(op, arg, queued ? size : 0);
        } catch (IllegalStateException refused) {
            if (queued) {
                addQueued(-size);
            }
            throw refused;
        }
        return isWritableForCaller();
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
    public OutputStream outputStream() {
        return new ResponseOutputStream(this, exchange);
    }

    @Override
    public CompletionStage<Void> drained() {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        commit(ResponseOp.DRAIN_WAITER, waiter, 0);
        return waiter;
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
        return finished();
    }

    @Override
    public CompletionStage<Void> writeContinue() {
        return writeInterim("writeContinue", InformationalResponse.CONTINUE);
    }

    @Override
    public CompletionStage<Void> writeEarlyHints(Headers hints) {
        checkFields(hints);
        return writeInterim("writeEarlyHints", InformationalResponse.earlyHints(hints.copy(0)));
    }

    @Override
    public CompletionStage<Void> writeProcessing() {
        return writeInterim("writeProcessing", PROCESSING);
    }

    @Override
    public CompletionStage<Void> writeInformational(int code, Headers fields) {
        if (!HttpStatus.isInformational(code) || code == HttpStatus.SWITCHING_PROTOCOLS.code()) {
            throw new IllegalArgumentException("writeInformational takes a 1xx status other than 101 (an upgrade "
                    + "switches protocols through the UpgradeHandler): " + code);
        }
        checkFields(fields);
        // RFC 9110 §15.2: a 1xx response has no content, so nothing may frame one (§8.6, RFC 9112 §6.1).
        if (fields.contains("Content-Length") || fields.contains("Transfer-Encoding")) {
            throw new IllegalArgumentException("a 1xx response has no content: no Content-Length or Transfer-Encoding");
        }
        return writeInterim("writeInformational", new InformationalResponse(code, fields.copy(0)));
    }

    @Override
    public ServerResponse sendDate(boolean send) {
        update(ResponseDraft::withSendDate, send, null);
        return this;
    }

    @Override
    public boolean sendDate() {
        return !draft().has(ResponseDraft.NO_DATE);
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
        draft().requireNotEnded(ResponseOp.SEND_FILE_AFTER_END);
        FileSender sender;
        try {
            sender = FileSender.open(file, offset, length);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e); // nothing was sent: the application may still answer
        }
        commit(ResponseOp.SEND_FILE, sender, 0);
        return finished();
    }

    @Override
    public boolean writableEnded() {
        return draft().phase() == Phase.ENDED;
    }

    @Override
    public boolean writableFinished() {
        CompletableFuture<Void> done = finished().toCompletableFuture();
        return done.isDone() && !done.isCompletedExceptionally();
    }

    @Override
    public CompletionStage<Void> closed() {
        return exchange.closedStage();
    }

    @Override
    public ServerResponse setTimeout(Duration timeout, Runnable listener) {
        exchange.watchForInactivity(timeout, listener);
        return this;
    }

    @Override
    public ServerRequest request() {
        return exchange.request();
    }

    @Override
    public HttpConnection connection() {
        return exchange.host().connection();
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

    /** Every name a token, every value free of CR, LF, NUL and other controls (RFC 9110 §5.1, §5.5). */
    private static void checkFields(Headers fields) {
        fields.forEach(FieldText::checkFieldValue);
        fields.forEach((name, value) -> FieldText.checkHeaderName(name));
    }

    private static void checkStatus(int code) {
        if (code < 200 || code > 999) {
            throw new IllegalArgumentException("status must be 200..999 (1xx: writeInformational, or an upgrade for "
                    + "101): " + code);
        }
    }

    @Override
    public String toString() {
        return "ServerResponse(" + draft().status + ", " + draft().phase() + ", " + writeState() + ')';
    }
}
