package dev.h1.codec.decoder;

import dev.h1.codec.BodyChunk;
import dev.h1.codec.DecoderConfig;
import dev.h1.codec.EndOfBody;
import dev.h1.codec.RequestHead;
import dev.h1.testing.Split;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.h1.testing.DecoderHarness.decodeAllSplits;
import static dev.h1.testing.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A body delimited by Content-Length (RFC 9112 §6.2): exactly that many bytes, as retained slices of the input. */
class FixedBodyTest {

    private static final String POST_HEAD_5 =
            "head POST / HTTP/1.1 CONTENT_LENGTH 5 keep-alive expect=NONE upgrade=false";

    @Test
    void readsExactlyContentLengthBytes() {
        assertEquals(List.of(POST_HEAD_5, "header Host: a", "header Content-Length: 5", "body hello", "end"),
                decodeAllSplits(head("POST / HTTP/1.1", "Host: a", "Content-Length: 5") + "hello"));
    }

    @Test
    void emitsHeadAndEndTogetherForAnEmptyBody() {
        assertEquals(List.of("head POST / HTTP/1.1 CONTENT_LENGTH 0 keep-alive expect=NONE upgrade=false",
                        "header Host: a", "header Content-Length: 0", "end"),
                decodeAllSplits(head("POST / HTTP/1.1", "Host: a", "Content-Length: 0")));
    }

    @Test
    void passesBodyBytesThroughUninterpreted() {
        String body = "\r\n\r\nGET / HTTP/1.1\r\n\u0000\u00FF";
        assertEquals(List.of("head POST / HTTP/1.1 CONTENT_LENGTH " + body.length()
                                + " keep-alive expect=NONE upgrade=false",
                        "header Host: a", "header Content-Length: " + body.length(), "body " + body, "end"),
                decodeAllSplits(head("POST / HTTP/1.1", "Host: a", "Content-Length: " + body.length()) + body));
    }

    @Test
    void waitsForTheRestOfTheBodyWithoutEmittingEnd() {
        assertEquals(List.of(POST_HEAD_5, "header Host: a", "header Content-Length: 5", "body hel"),
                decodeAllSplits(head("POST / HTTP/1.1", "Host: a", "Content-Length: 5") + "hel"));
    }

    @Test
    void streamsABodyLongerThanMaxBodyPieceBytesCompletely() {
        DecoderConfig config = DecoderConfig.builder().maxBodyPieceBytes(3).build();
        assertEquals(List.of("head POST / HTTP/1.1 CONTENT_LENGTH 10 keep-alive expect=NONE upgrade=false",
                        "header Host: a", "header Content-Length: 10", "body 0123456789", "end"),
                decodeAllSplits(config, head("POST / HTTP/1.1", "Host: a", "Content-Length: 10") + "0123456789"));
    }

    @Test
    void emitsNoPieceLargerThanMaxBodyPieceBytes() {
        DecoderConfig config = DecoderConfig.builder().maxBodyPieceBytes(3).build();
        byte[] input = (head("POST / HTTP/1.1", "Host: a", "Content-Length: 10") + "0123456789")
                .getBytes(StandardCharsets.ISO_8859_1);
        for (Split split : Split.values()) {
            for (List<byte[]> reads : split.feeds(input)) {
                List<Integer> sizes = pieceSizes(config, reads);
                assertEquals(10, sizes.stream().mapToInt(Integer::intValue).sum(), () -> split + ": " + sizes);
                assertTrue(sizes.stream().allMatch(size -> size >= 1 && size <= 3), () -> split + ": " + sizes);
            }
        }
    }

    private static List<Integer> pieceSizes(DecoderConfig config, List<byte[]> reads) {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(config));
        List<Integer> sizes = new ArrayList<>();
        for (byte[] read : reads) {
            channel.writeInbound(Unpooled.wrappedBuffer(read));
            for (Object msg; (msg = channel.readInbound()) != null; ) {
                if (msg instanceof BodyChunk chunk) {
                    sizes.add(chunk.content().readableBytes());
                }
                ReferenceCountUtil.release(msg);
            }
        }
        assertFalse(channel.finishAndReleaseAll());
        return sizes;
    }

    /**
     * The body is never copied: a {@link BodyChunk} is a slice of the very buffer that was read. Checked through the
     * backing array of a heap buffer, for the whole request in one read and for the body in a read of its own (in
     * both cases the decoder sees the received buffer itself, not a cumulation).
     */
    @Test
    void emitsBodyAsSliceOfTheReceivedBufferWithoutCopying() {
        byte[] headBytes = head("POST / HTTP/1.1", "Host: a", "Content-Length: 5").getBytes(StandardCharsets.US_ASCII);
        byte[] bodyBytes = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] whole = Arrays.copyOf(headBytes, headBytes.length + bodyBytes.length);
        System.arraycopy(bodyBytes, 0, whole, headBytes.length, bodyBytes.length);

        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(whole));
        assertBodySharesArray(channel, whole, headBytes.length);
        assertFalse(channel.finishAndReleaseAll());

        byte[] secondRead = bodyBytes.clone();
        channel = new EmbeddedChannel(new RequestDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(headBytes));
        assertInstanceOf(RequestHead.class, channel.readInbound());
        channel.writeInbound(Unpooled.wrappedBuffer(secondRead));
        assertBodySharesArray(channel, secondRead, 0);
        assertFalse(channel.finishAndReleaseAll());
    }

    private static void assertBodySharesArray(EmbeddedChannel channel, byte[] received, int bodyOffset) {
        Object msg = channel.readInbound();
        if (msg instanceof RequestHead) {
            msg = channel.readInbound();
        }
        BodyChunk chunk = assertInstanceOf(BodyChunk.class, msg);
        try {
            ByteBuf content = chunk.content();
            assertEquals("hello", content.toString(StandardCharsets.US_ASCII));
            assertTrue(content.hasArray(), "a slice of a heap buffer has its array");
            assertSame(received, content.array(), "the body was copied");
            assertEquals(bodyOffset, content.arrayOffset() + content.readerIndex());
        } finally {
            chunk.release();
        }
        assertInstanceOf(EndOfBody.class, channel.readInbound());
        assertNull(channel.readInbound());
    }
}
