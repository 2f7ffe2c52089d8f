package dev.h1.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

import java.util.Date;

/**
 * The application handler of {@link NettyReferenceServer}, behind Netty's {@code HttpServerCodec} (no aggregator),
 * written as a tuned Netty server is: the same routes as h1-server.jar, answered as Netty's own examples and the
 * TechEmpower Netty entry do.
 * <pre>
 * p.addLast("codec", new HttpServerCodec());
 * p.addLast("app", new NettyReferenceHandler());
 * </pre>
 * <ul>
 *   <li>{@code GET /plaintext}: 200, {@code Content-Type: text/plain}, {@code Content-Length: 13}, a {@code Date},
 *       and {@code Hello, World!}. The headers are built once per second (the Date changes) and shared; the body is
 *       a duplicate of one read-only buffer.</li>
 *   <li>{@code POST /echo}: the body streamed back piece by piece as it is decoded, with the request's Content-Type;
 *       with the request's Content-Length when it has one, otherwise chunked. Reading pauses while the channel is
 *       not writable.</li>
 *   <li>anything else: 404 with an empty body.</li>
 * </ul>
 * Writes are flushed once per read, in {@link #channelReadComplete}, so pipelined responses share a flush. Keep-alive
 * follows RFC 9112 §9.3 ({@link HttpUtil#isKeepAlive}); a connection that is not kept alive is closed after its
 * response. One instance per channel, on its event loop; every message read is released or written on (R1, R4).
 */
final class NettyReferenceHandler extends ChannelInboundHandlerAdapter {

    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");
    private static final AsciiString PLAINTEXT_LENGTH =
            AsciiString.cached(Integer.toString(SharedBodies.PLAINTEXT_BYTES.length));

    /** The plaintext response's headers for {@link #headersSecond}, never modified once built. */
    private HttpHeaders plaintextHeaders;
    private long headersSecond = Long.MIN_VALUE;
    private boolean isEchoing;
    private boolean isKeepAlive = true;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            onRequest(ctx, request);
        }
        if (msg instanceof HttpContent content) {
            onContent(ctx, content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
        isEchoing = false;
        if (request.decoderResult().isFailure()) {
            isKeepAlive = false;
            respondEmpty(ctx, request, HttpResponseStatus.BAD_REQUEST);
            return;
        }
        isKeepAlive = HttpUtil.isKeepAlive(request);
        String uri = request.uri();
        if (uri.equals("/plaintext") && request.method().equals(HttpMethod.GET)) {
            HttpHeaders headers = plaintextHeaders();
            if (needsConnectionField(request)) {
                headers = markPersistence(request, headers.copy());
            }
            closeUnlessKeptAlive(ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    SharedBodies.plaintext(), headers, EmptyHttpHeaders.INSTANCE)));
        } else if (uri.equals("/echo") && request.method().equals(HttpMethod.POST)) {
            startEcho(ctx, request);
        } else {
            respondEmpty(ctx, request, HttpResponseStatus.NOT_FOUND);
        }
    }

    /** Writes a response without a body (not flushed: {@link #channelReadComplete} does). */
    private void respondEmpty(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.DATE, now());
        markPersistence(request, response.headers());
        closeUnlessKeptAlive(ctx.write(response));
    }

    private void startEcho(ChannelHandlerContext ctx, HttpRequest request) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpHeaders headers = response.headers();
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        String length = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null) {
            // the decoder validated it, and exactly that many bytes come back
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
        } else {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        headers.set(HttpHeaderNames.DATE, now());
        markPersistence(request, headers);
        ctx.write(response);
        isEchoing = true;
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (!isEchoing) {
            content.release();
            return;
        }
        if (!(content instanceof LastHttpContent last)) {
            ctx.write(content);
            if (!ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(false); // resumed in channelWritabilityChanged
            }
            return;
        }
        isEchoing = false;
        // the request's trailers are not echoed: only its body is
        Object end = last.trailingHeaders().isEmpty() ? last : new DefaultLastHttpContent(last.content());
        closeUnlessKeptAlive(ctx.write(end));
    }

    /** Whether the response needs a Connection field: to close, or to keep an HTTP/1.0 connection alive. */
    private boolean needsConnectionField(HttpRequest request) {
        return !isKeepAlive || !request.protocolVersion().equals(HttpVersion.HTTP_1_1);
    }

    /** Sets the Connection field where {@link #needsConnectionField} says so (RFC 9112 §9.3); returns headers. */
    private HttpHeaders markPersistence(HttpRequest request, HttpHeaders headers) {
        if (needsConnectionField(request)) {
            HttpUtil.setKeepAlive(headers, request.protocolVersion(), isKeepAlive);
        }
        return headers;
    }

    private void closeUnlessKeptAlive(ChannelFuture written) {
        if (!isKeepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private HttpHeaders plaintextHeaders() {
        long second = System.currentTimeMillis() / 1000;
        if (second != headersSecond) {
            plaintextHeaders = new DefaultHttpHeaders()
                    .add(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN)
                    .add(HttpHeaderNames.CONTENT_LENGTH, PLAINTEXT_LENGTH)
                    .add(HttpHeaderNames.DATE, DateFormatter.format(new Date(second * 1000)));
            headersSecond = second;
        }
        return plaintextHeaders;
    }

    /** RFC 9110 §6.6.1: an origin server with a clock sends Date; the plaintext headers hold this second's. */
    private String now() {
        return plaintextHeaders().get(HttpHeaderNames.DATE);
    }
}
