package dev.h1.server.connection;

import dev.h1.codec.EndOfResponse;
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
        // Checked before the answer is claimed, so that a bad status cannot leave the client without any answer.
        if (code < 200 || code > 999) {
            throw new IllegalArgumentException("a client error answer needs a final status 200..999: " + code);
        }
        Objects.requireNonNull(body, "body");
        if (claim()) {
            host.execute(() -> write(code, body.getBytes(StandardCharsets.UTF_8)));
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

    private void write(int code, byte[] body) {
        Headers headers = new Headers()
                .add("Content-Type", "text/plain; charset=utf-8")
                .add("Connection", "close")
                .add("Content-Length", Integer.toString(body.length));
        ChannelHandlerContext ctx = host.context();
        // No request head is known (it could not be parsed, or did not come): answer as to an HTTP/1.1 GET.
        ctx.write(new ResponseHead(code, null, headers, "GET", HttpVersion.HTTP_1_1), ctx.voidPromise());
        if (body.length > 0) {
            ctx.write(new ResponseContent(Unpooled.wrappedBuffer(body)), ctx.voidPromise());
        }
        ctx.writeAndFlush(EndOfResponse.NO_TRAILERS).addListener(future -> host.closeNow(closeReason));
    }
}
