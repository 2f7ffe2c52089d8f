package dev.h1.server.connection;

import dev.h1.codec.EndOfResponse;
import dev.h1.codec.FieldText;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ParseError;
import dev.h1.codec.ResponseContent;
import dev.h1.codec.ResponseHead;
import dev.h1.server.api.ClientError;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.exchange.ExchangeHost;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A client error outside any exchange (a request that could not be parsed, or one that came too late), answered at
 * most once and always followed by closing the connection. The default answer never echoes client bytes: its body is
 * the reason phrase of the status (Helidon's "safe message").
 *
 * <p><b>Threading.</b> Any thread: the first of {@link #respond}, {@link #respondDefault()} or {@link #close()} claims
 * the answer at the call; the writing happens on the event loop.
 */
final class DefaultClientError implements ClientError {

    private static final AtomicIntegerFieldUpdater<DefaultClientError> ANSWERED =
            AtomicIntegerFieldUpdater.newUpdater(DefaultClientError.class, "answered");
    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";
    /** Fields that frame the answer or manage the connection, which closes after it. */
    private static final List<String> SERVER_OWNED = List.of("Content-Length", "Transfer-Encoding", "Connection");

    private final ExchangeHost host;
    private final ParseError parseError;
    private final int status;
    private final String detail;
    private final CloseReason closeReason;
    private volatile int answered;

    DefaultClientError(ExchangeHost host, ParseError parseError, int status, String detail, CloseReason closeReason) {
        this.host = host;
        this.parseError = parseError;
        this.status = status;
        this.detail = detail;
        this.closeReason = closeReason;
    }

    @Override
    public ParseError parseError() {
        return parseError;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String detail() {
        return detail;
    }

    @Override
    public HttpConnection connection() {
        return host.connection();
    }

    @Override
    public void respondDefault() {
        respond(status, HttpStatus.reasonPhrase(status));
    }

    @Override
    public void respond(int code, String body) {
        Objects.requireNonNull(body, "body");
        respond(code, Headers.empty(), PLAIN_TEXT, body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void respond(int code, Headers headers, String contentType, byte[] body) {
        // Checked before the answer is claimed, so that a bad answer cannot leave the client without any answer.
        if (code < 200 || code > 999) {
            throw new IllegalArgumentException("a client error answer needs a final status 200..999: " + code);
        }
        Headers fields = answerFields(headers, contentType);
        byte[] copy = body.clone();
        if (claim()) {
            host.execute(() -> write(code, fields, copy));
        }
    }

    @Override
    public void close() {
        if (claim()) {
            host.execute(() -> host.closeNow(closeReason));
        }
    }

    /** Whether the handler answered or closed. */
    boolean isAnswered() {
        return answered != 0;
    }

    private boolean claim() {
        return ANSWERED.compareAndSet(this, 0, 1);
    }

    /** The answer's fields: the application's, checked, with the content type and the fields the server owns. */
    private static Headers answerFields(Headers headers, String contentType) {
        for (String owned : SERVER_OWNED) {
            if (headers.contains(owned)) {
                throw new IllegalArgumentException(owned + " is set by the server in a client error answer");
            }
        }
        headers.forEach(FieldText::checkFieldValue);
        headers.forEach((name, value) -> FieldText.checkHeaderName(name));
        Headers fields = headers.copy(3);
        if (contentType != null) {
            FieldText.checkFieldValue("Content-Type", contentType);
            fields.set("Content-Type", contentType);
        }
        return fields;
    }

    private void write(int code, Headers fields, byte[] body) {
        fields.add("Connection", "close").add("Content-Length", Integer.toString(body.length));
        ChannelHandlerContext ctx = host.context();
        // No request head is known (it could not be parsed, or did not come): answer as to an HTTP/1.1 GET.
        ctx.write(new ResponseHead(code, null, fields, "GET", HttpVersion.HTTP_1_1), ctx.voidPromise());
        if (body.length > 0) {
            ctx.write(new ResponseContent(Unpooled.wrappedBuffer(body)), ctx.voidPromise());
        }
        ctx.writeAndFlush(EndOfResponse.NO_TRAILERS).addListener(future -> host.closeNow(closeReason));
    }
}
