package dev.h1.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads HTTP/1.1 response bytes back into what they mean, with Netty's client-side decoder, so that the benchmark
 * smoke tests can compare two servers' or two encoders' output by meaning rather than by bytes.
 */
final class ResponseReader {

    /**
     * One response as its receiver sees it.
     *
     * @param status  the status code
     * @param headers the header fields, names in lower case, repeated values joined by {@code ", "}
     * @param body    the body after transfer decoding
     */
    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    private ResponseReader() {
    }

    /**
     * Every complete response in {@code bytes}, in order, headers as received (a chunked one keeps its
     * {@code Transfer-Encoding}); releases {@code bytes}; fails on a decoding error or a partial response.
     */
    static List<Response> read(ByteBuf bytes) {
        EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder());
        List<Response> responses = new ArrayList<>();
        HttpResponse head = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            client.writeInbound(bytes);
            for (HttpObject part = client.readInbound(); part != null; part = client.readInbound()) {
                try {
                    if (part.decoderResult().isFailure()) {
                        throw new AssertionError("undecodable response", part.decoderResult().cause());
                    }
                    if (part instanceof HttpResponse response) {
                        head = response;
                        body.reset();
                    }
                    if (part instanceof HttpContent content) {
                        body.writeBytes(ByteBufUtil.getBytes(content.content()));
                    }
                    if (part instanceof LastHttpContent) {
                        responses.add(new Response(head.status().code(), fields(head), body.toByteArray()));
                        head = null;
                    }
                } finally {
                    ReferenceCountUtil.release(part);
                }
            }
        } finally {
            if (client.finishAndReleaseAll() || head != null) {
                throw new AssertionError("a partial response was left over");
            }
        }
        return responses;
    }

    private static Map<String, String> fields(HttpResponse response) {
        Map<String, String> fields = new TreeMap<>();
        response.headers().forEach(field -> fields.merge(field.getKey().toLowerCase(Locale.ROOT), field.getValue(),
                (first, next) -> first + ", " + next));
        return fields;
    }
}
