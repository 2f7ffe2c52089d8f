package dev.h1.server.connection;

import dev.h1.codec.EndOfResponse;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ParseError;
import dev.h1.codec.ResponseContent;
import dev.h1.codec.ResponseHead;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ClientError;
import dev.h1.server.api.HttpConnection;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;

import java.nio.charset.StandardCharsets;

/**
 * A client error outside any exchange (a request that could not be parsed, or a head that came too late), answered
 * at most once and always followed by closing the connection. The answer never echoes client bytes: its body is the
 * reason phrase of the status (Helidon's "safe message").
 */
final class DefaultClientError implements ClientError {

    private final Http1Connection connection;
    private final ParseError parseError;
    private final int status;
    private final String detail;
    private final CloseReason closeReason;
    private boolean answered;

    DefaultClientError(Http1Connection connection, ParseError parseError, int status, String detail,
                       CloseReason closeReason) {
        this.connection = connection;
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
        return connection;
    }

    @Override
    public void respondDefault() {
        respond(status, HttpStatus.reasonPhrase(status));
    }

    @Override
    public void respond(int code, String body) {
        // Checked on the caller's thread, before the answer is claimed, so a bad status cannot leave the client
        // without any answer.
        if (code < 200 || code > 999) {
            throw new IllegalArgumentException("a client error answer needs a final status 200..999: " + code);
        }
        java.util.Objects.requireNonNull(body, "body");
        connection.onLoop(() -> {
            if (answered) {
                return;
            }
            answered = true;
            Headers headers = new Headers()
                    .add("Content-Type", "text/plain; charset=utf-8")
                    .add("Connection", "close");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            headers.add("Content-Length", Integer.toString(bytes.length));
            connection.write(new ResponseHead(code, null, headers, "GET", HttpVersion.HTTP_1_1));
            if (bytes.length > 0) {
                connection.write(new ResponseContent(Unpooled.wrappedBuffer(bytes)));
            }
            ChannelFuture written = connection.writeAndFlush(EndOfResponse.NO_TRAILERS);
            written.addListener(future -> connection.closeNow(closeReason));
        });
    }

    @Override
    public void close() {
        connection.onLoop(() -> {
            answered = true;
            connection.closeNow(closeReason);
        });
    }

    /** Whether the handler answered or closed. */
    boolean isAnswered() {
        return answered;
    }
}
