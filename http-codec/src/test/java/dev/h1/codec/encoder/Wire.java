package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.EncoderConfig;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ResponseContent;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.codec.ResponseHead;
import dev.h1.testing.Outbound;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test support: an encoder in an {@link EmbeddedChannel} with a frozen clock, and the bytes it wrote, as ISO-8859-1
 * text. Every piece read from the channel is released here.
 */
final class Wire {

    /** The Date line every test encoder writes, from {@link TestClock#RFC_EXAMPLE_MILLIS}. */
    static final String DATE = "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n";

    private Wire() {
    }

    static EmbeddedChannel channel() {
        return new EmbeddedChannel(encoder());
    }

    /** An encoder with the test clock, for pipelines that hold more than the encoder. */
    static ResponseEncoder encoder() {
        return new ResponseEncoder(EncoderConfig.builder().clock(new TestClock(TestClock.RFC_EXAMPLE_MILLIS)).build());
    }

    static EmbeddedChannel channel(EncoderConfig config) {
        return new EmbeddedChannel(new ResponseEncoder(config));
    }

    /** A head answering {@code GET ... HTTP/1.1} with {@code fields} given as name, value, name, value, ... */
    static ResponseHead head(int status, String... fields) {
        return head("GET", HttpVersion.HTTP_1_1, status, fields);
    }

    static ResponseHead head(String method, HttpVersion version, int status, String... fields) {
        Headers headers = new Headers();
        for (int i = 0; i < fields.length; i += 2) {
            headers.add(fields[i], fields[i + 1]);
        }
        return new ResponseHead(status, null, headers, method, version);
    }

    static ResponseContent content(String text) {
        return new ResponseContent(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    static ResponseContent content(int bytes, char fill) {
        return content(String.valueOf(fill).repeat(bytes));
    }

    /** Every piece written so far (after the last flush), in order; the caller releases them, or uses {@link #text}. */
    static List<Object> pieces(EmbeddedChannel channel) {
        List<Object> pieces = new ArrayList<>();
        for (Object piece; (piece = channel.readOutbound()) != null; ) {
            pieces.add(piece);
        }
        return pieces;
    }

    /** All bytes written so far, concatenated; every piece is released. Empty buffers add nothing. */
    static String drain(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        for (Object piece : pieces(channel)) {
            text.append(text(piece));
        }
        return text.toString();
    }

    /** The bytes of one outbound piece, which is released (see {@link Outbound#text}). */
    static String text(Object piece) {
        return Outbound.text(piece);
    }

    /** Asserts that {@code future} failed with a {@link ResponseEncodeException} of {@code error}; returns it. */
    static ResponseEncodeException assertRefused(EncodeError error, ChannelFuture future) {
        assertTrue(future.isDone(), "write not completed");
        ResponseEncodeException refused = assertInstanceOf(ResponseEncodeException.class, future.cause());
        assertEquals(error, refused.error(), refused.getMessage());
        return refused;
    }
}
