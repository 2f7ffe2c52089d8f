package dev.h1.server.connection;

import dev.h1.codec.EndOfResponse;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.InformationalResponse;
import dev.h1.codec.RequestHead;
import dev.h1.codec.ResponseContent;
import dev.h1.codec.ResponseHead;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ServerResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The response side of an {@link Exchange}: collects status and headers, decides the framing hints (Content-Length
 * when the whole body is given to {@code end}), adds the connection-management fields and writes typed messages to
 * the {@link dev.h1.codec.encoder.ResponseEncoder}. State changes happen on the event loop; calls from other threads
 * are handed over in order.
 */
final class DefaultServerResponse implements ServerResponse {

    /** How far the response has been written. */
    private enum WriteState { IDLE, WRITING_BODY, DONE }

    private final Exchange exchange;
    private final RequestHead request;
    private final Headers headers = new Headers();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private volatile int status = 200;
    private volatile String reason;
    private volatile WriteState state = WriteState.IDLE;
    private volatile boolean aborted;
    /** Claimed by {@code end()} on the caller's thread, so that misuse after it fails at once on any thread. */
    private volatile boolean ended;
    private boolean wroteBody;
    private Headers trailers;
    private List<Runnable> drainListeners;
    private volatile boolean drainRequested;

    DefaultServerResponse(Exchange exchange, RequestHead request) {
        this.exchange = exchange;
        this.request = request;
        finished.whenComplete((ok, failure) -> closed.complete(null));
    }

    @Override
    public int statusCode() {
        return status;
    }

    @Override
    public ServerResponse statusCode(int code) {
        checkStatus(code);
        checkHeadNotSent("set the status");
        status = code;
        return this;
    }

    @Override
    public String statusMessage() {
        String custom = reason;
        return custom != null ? custom : HttpStatus.reasonPhrase(status);
    }

    @Override
    public ServerResponse statusMessage(String message) {
        FieldChecks.checkReason(message);
        checkHeadNotSent("set the status message");
        reason = message;
        return this;
    }

    @Override
    public synchronized ServerResponse setHeader(String name, String value) {
        FieldChecks.checkName(name);
        FieldChecks.checkValue(name, value);
        checkHeadNotSent("set header " + name);
        headers.set(name, value);
        return this;
    }

    @Override
    public synchronized ServerResponse setHeader(String name, Iterable<String> values) {
        FieldChecks.checkName(name);
        List<String> checked = new ArrayList<>();
        for (String value : values) {
            FieldChecks.checkValue(name, value);
            checked.add(value);
        }
        checkHeadNotSent("set header " + name);
        headers.remove(name);
        checked.forEach(value -> headers.add(name, value));
        return this;
    }

    @Override
    public synchronized ServerResponse appendHeader(String name, String value) {
        FieldChecks.checkName(name);
        FieldChecks.checkValue(name, value);
        checkHeadNotSent("append to header " + name);
        headers.add(name, value);
        return this;
    }

    @Override
    public synchronized String getHeader(String name) {
        return headers.get(name);
    }

    @Override
    public synchronized List<String> getHeaderValues(String name) {
        return headers.getAll(name);
    }

    @Override
    public synchronized Headers getHeaders() {
        return headers.copy();
    }

    @Override
    public synchronized Set<String> getHeaderNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String name : headers.names()) {
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return names;
    }

    @Override
    public synchronized boolean hasHeader(String name) {
        return headers.contains(name);
    }

    @Override
    public synchronized ServerResponse removeHeader(String name) {
        checkHeadNotSent("remove header " + name);
        headers.remove(name);
        return this;
    }

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
        FieldChecks.checkReason(message);
        extra.forEach(FieldChecks::checkValue);
        extra.forEach((name, value) -> FieldChecks.checkName(name));
        synchronized (this) {
            checkHeadNotSent("writeHead");
            for (String name : extra.names()) {
                headers.remove(name);
            }
            extra.forEach(headers::add);
            status = code;
            if (message != null) {
                reason = message;
            }
            state = WriteState.WRITING_BODY; // claimed now, so a second writeHead fails at once on any thread
        }
        onLoop(this::sendHead);
        return this;
    }

    @Override
    public boolean headersSent() {
        return state != WriteState.IDLE;
    }

    @Override
    public ServerResponse flushHeaders() {
        onLoop(() -> {
            if (state == WriteState.IDLE) {
                state = WriteState.WRITING_BODY;
                sendHead();
            }
            exchange.connection().flush();
        });
        return this;
    }

    @Override
    public boolean write(ByteBuf data) {
        if (isEnded()) {
            data.release();
            throw new IllegalStateException("write after end");
        }
        onLoop(() -> writeOnLoop(data));
        boolean writable = exchange.connection().channel().isWritable();
        if (!writable) {
            drainRequested = true; // Node: 'drain' follows a write() that returned false
        }
        return writable;
    }

    @Override
    public boolean write(byte[] data) {
        return write(Unpooled.wrappedBuffer(data.clone()));
    }

    @Override
    public boolean write(String text) {
        return write(text, StandardCharsets.UTF_8);
    }

    @Override
    public boolean write(String text, Charset charset) {
        return write(Unpooled.wrappedBuffer(text.getBytes(charset)));
    }

    @Override
    public ServerResponse onDrain(Runnable listener) {
        onLoop(() -> {
            if (drainListeners == null) {
                drainListeners = new ArrayList<>(1);
            }
            drainListeners.add(listener);
        });
        return this;
    }

    @Override
    public ServerResponse addTrailers(Headers fields) {
        fields.forEach(FieldChecks::checkValue);
        fields.forEach((name, value) -> FieldChecks.checkTrailerName(name));
        if (isEnded()) {
            throw new IllegalStateException("cannot add trailers: the response has ended");
        }
        synchronized (this) {
            // The application framed the body with its own Content-Length: there will be no trailer section.
            if (state != WriteState.IDLE && isBodyAllowed() && request.version() == HttpVersion.HTTP_1_1
                    && headers.contains("Content-Length")) {
                throw new IllegalStateException("cannot add trailers: the response is not chunked");
            }
        }
        Headers copy = fields.copy();
        onLoop(() -> {
            if (trailers == null) {
                trailers = new Headers();
            }
            copy.forEach(trailers::add);
        });
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
        return endWith(Unpooled.wrappedBuffer(data.clone()));
    }

    @Override
    public CompletionStage<Void> end(String text) {
        return endWith(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    private CompletionStage<Void> endWith(ByteBuf data) {
        synchronized (this) {
            if (isEnded()) {
                if (data != null) {
                    data.release();
                    throw new IllegalStateException("end(data) after end");
                }
                return finished;
            }
            ended = true;
        }
        onLoop(() -> endOnLoop(data));
        return finished;
    }

    @Override
    public CompletionStage<Void> writeContinue() {
        CompletableFuture<Void> written = new CompletableFuture<>();
        onLoop(() -> {
            if (state != WriteState.IDLE) {
                written.completeExceptionally(new IllegalStateException("writeContinue after the head was sent"));
                return;
            }
            exchange.markContinueSent();
            // RFC 9110 §15.2: a server must not send a 1xx response to an HTTP/1.0 client.
            if (request.version() == HttpVersion.HTTP_1_0) {
                written.complete(null);
                return;
            }
            complete(exchange.connection().writeAndFlush(InformationalResponse.CONTINUE), written);
            exchange.connection().deliverPending();
        });
        return written;
    }

    @Override
    public CompletionStage<Void> writeEarlyHints(Headers hints) {
        hints.forEach(FieldChecks::checkValue);
        hints.forEach((name, value) -> FieldChecks.checkName(name));
        Headers copy = hints.copy();
        CompletableFuture<Void> written = new CompletableFuture<>();
        onLoop(() -> {
            if (state != WriteState.IDLE) {
                written.completeExceptionally(new IllegalStateException("writeEarlyHints after the head was sent"));
            } else if (request.version() == HttpVersion.HTTP_1_0) {
                written.complete(null); // RFC 9110 §15.2: no 1xx to HTTP/1.0
            } else {
                complete(exchange.connection().writeAndFlush(InformationalResponse.earlyHints(copy)), written);
            }
        });
        return written;
    }

    @Override
    public CompletionStage<Void> sendFile(Path file) {
        return sendFile(file, 0, -1);
    }

    @Override
    public CompletionStage<Void> sendFile(Path file, long offset, long length) {
        if (isEnded()) {
            throw new IllegalStateException("sendFile after end");
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        onLoop(() -> FileSender.send(this, file, offset, length, sent));
        return sent;
    }

    @Override
    public boolean writableEnded() {
        return isEnded();
    }

    private boolean isEnded() {
        return ended || state == WriteState.DONE;
    }

    @Override
    public CompletionStage<Void> finished() {
        return finished;
    }

    @Override
    public CompletionStage<Void> closed() {
        return closed;
    }

    @Override
    public boolean isAborted() {
        return aborted;
    }

    // ---- event-loop side ----

    private void writeOnLoop(ByteBuf data) {
        if (state == WriteState.DONE) {
            data.release();
            return;
        }
        if (state == WriteState.IDLE) {
            state = WriteState.WRITING_BODY;
            sendHead();
        }
        wroteBody = true;
        if (!isBodyAllowed() || !data.isReadable()) {
            data.release(); // HEAD, 204, 304: there is no body to write (Node ignores it too)
            return;
        }
        exchange.connection().write(new ResponseContent(data));
        exchange.connection().flush();
    }

    private void endOnLoop(ByteBuf data) {
        if (state == WriteState.DONE) {
            if (data != null) {
                data.release();
            }
            return;
        }
        if (state == WriteState.IDLE) {
            state = WriteState.WRITING_BODY;
            // The whole body is known: frame it with Content-Length (a HEAD answer announces the length it would have),
            // unless trailers wait to be sent: only a chunked body has a trailer section (RFC 9112 §7.1.2).
            boolean trailing = trailers != null && !trailers.isEmpty() && request.version() == HttpVersion.HTTP_1_1
                    && isBodyAllowed();
            if (!wroteBody && !trailing && !headers.contains("Content-Length") && !headers.contains("Transfer-Encoding")
                    && status >= 200 && status != 204 && status != 304) {
                headers.set("Content-Length", Long.toString(data == null ? 0 : data.readableBytes()));
            }
            sendHead();
        }
        if (data != null) {
            if (isBodyAllowed() && data.isReadable()) {
                exchange.connection().write(new ResponseContent(data));
            } else {
                data.release();
            }
        }
        state = WriteState.DONE;
        // Trailers the framing has no room for (HTTP/1.0, no body, a Content-Length) are dropped, as Node does;
        // the encoder would refuse the end and leave the connection unusable.
        Headers ending = isChunked() ? trailers : null;
        ChannelFuture written = exchange.connection().write(
                ending == null || ending.isEmpty() ? EndOfResponse.NO_TRAILERS : new EndOfResponse(ending));
        exchange.connection().flushSoon();
        written.addListener(future -> {
            if (future.isSuccess()) {
                finished.complete(null);
            } else {
                finished.completeExceptionally(future.cause());
            }
        });
        exchange.connection().onResponseEnded(exchange, written);
    }

    /** Writes the head, with the fields that manage the connection (RFC 9112 §9.3, §9.6). */
    void sendHead() {
        Http1Connection connection = exchange.connection();
        // A final answer while the client still waits for 100 (Continue): it may never send the body we would need
        // to read before the next request, so the connection is not reused (RFC 9110 §10.1.1). A request without
        // a body holds nothing back (its end may just not have been delivered yet).
        if (exchange.isAwaitingContinue() && exchange.request().hasBody()) {
            exchange.closeAfterResponse(CloseReason.NOT_PERSISTENT);
        }
        if (headers.containsToken("Connection", "close")) {
            exchange.closeAfterResponse(CloseReason.APPLICATION_CLOSED);
        }
        // RFC 9112 §6.3(8)/§9.3: an HTTP/1.0 response without a length is delimited by closing the connection.
        if (request.version() == HttpVersion.HTTP_1_0 && isBodyAllowed() && !headers.contains("Content-Length")) {
            exchange.closeAfterResponse(CloseReason.NOT_PERSISTENT);
        }
        if (exchange.persistence() == Persistence.CLOSE_AFTER_RESPONSE) {
            headers.set("Connection", "close");
            headers.remove("Keep-Alive");
        } else {
            if (request.version() == HttpVersion.HTTP_1_0) {
                headers.set("Connection", "keep-alive");
            }
            long keepAliveSeconds = connection.config().keepAliveTimeout().toSeconds();
            if (keepAliveSeconds > 0 && !headers.contains("Keep-Alive")) {
                headers.set("Keep-Alive", "timeout=" + keepAliveSeconds);
            }
        }
        connection.write(new ResponseHead(status, reason, headers, request.method(), request.version()));
    }

    /** Answers with {@code code}, its reason phrase as a text body and {@code Connection: close}; for h1's own errors. */
    void sendError(int code, CloseReason closeReason) {
        if (state != WriteState.IDLE) {
            exchange.connection().closeNow(closeReason);
            return;
        }
        exchange.closeAfterResponse(closeReason);
        synchronized (this) {
            headers.clear();
            status = code;
            reason = null;
            trailers = null;
            headers.set("Content-Type", "text/plain; charset=utf-8");
        }
        endOnLoop(Unpooled.wrappedBuffer(HttpStatus.reasonPhrase(code).getBytes(StandardCharsets.US_ASCII)));
    }

    /** Whether the head sent frames the body as chunked (RFC 9112 §7.1): the encoder's choice for HTTP/1.1. */
    private boolean isChunked() {
        return request.version() == HttpVersion.HTTP_1_1 && isBodyAllowed() && !headers.contains("Content-Length");
    }

    boolean isBodyAllowed() {
        return !request.method().equals("HEAD") && status >= 200 && status != 204 && status != 304;
    }

    /** The exchange switched protocols: no HTTP response will follow the 101 (or 2xx to CONNECT). */
    void markSwitched() {
        state = WriteState.DONE;
        finished.complete(null);
    }

    boolean isDone() {
        return state == WriteState.DONE;
    }

    /** Marks the head as sent (for {@link FileSender}), writing it if it was not. */
    void ensureHeadSent(long contentLength) {
        if (state == WriteState.IDLE) {
            state = WriteState.WRITING_BODY;
            // RFC 9110 §8.6: a 204 carries no Content-Length (a 304 or HEAD answer announces the file's).
            if (contentLength >= 0 && status != 204 && !headers.contains("Content-Length")) {
                headers.set("Content-Length", Long.toString(contentLength));
            }
            sendHead();
        }
        wroteBody = true;
    }

    Exchange exchange() {
        return exchange;
    }

    void finishWith(CompletableFuture<Void> sent) {
        endOnLoop(null);
        finished.whenComplete((ok, failure) -> {
            if (failure != null) {
                sent.completeExceptionally(failure);
            } else {
                sent.complete(null);
            }
        });
    }

    /** A writer stopped because the connection is not writable; the next writability change notifies it. */
    void requestDrain() {
        drainRequested = true;
    }

    /** The connection became writable again: tell whoever stopped writing (after {@code write} returned false). */
    void onWritable() {
        if (drainListeners == null || !drainRequested) {
            return;
        }
        drainRequested = false;
        for (Runnable listener : List.copyOf(drainListeners)) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                exchange.onApplicationError(e);
            }
        }
    }

    void onAborted() {
        if (!finished.isDone()) {
            aborted = true;
            finished.completeExceptionally(new IllegalStateException("connection closed before the response ended"));
        }
        closed.complete(null);
    }

    private void checkHeadNotSent(String what) {
        if (state != WriteState.IDLE) {
            throw new IllegalStateException("cannot " + what + ": the response head was already sent");
        }
    }

    private static void checkStatus(int code) {
        if (code < 200 || code > 999) {
            throw new IllegalArgumentException("status must be 200..999 (1xx: writeContinue, writeEarlyHints or "
                    + "an upgrade): " + code);
        }
    }

    private static void complete(ChannelFuture future, CompletableFuture<Void> stage) {
        future.addListener(f -> {
            if (f.isSuccess()) {
                stage.complete(null);
            } else {
                stage.completeExceptionally(f.cause());
            }
        });
    }

    private void onLoop(Runnable task) {
        exchange.connection().onLoop(task);
    }

    @Override
    public String toString() {
        return "ServerResponse(" + status + ", " + state + ')';
    }
}
