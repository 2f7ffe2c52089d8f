package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.EndOfResponse;
import dev.h1.codec.FullResponse;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.h1.codec.encoder.Wire.DATE;
import static dev.h1.codec.encoder.Wire.assertRefused;
import static dev.h1.codec.encoder.Wire.content;
import static dev.h1.codec.encoder.Wire.drain;
import static dev.h1.codec.encoder.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A {@link FullResponse} is written exactly as its head, its content and the end would be, refusals included. */
class FullResponseTest {

    private static FullResponse full(ResponseHead head, String body) {
        return new FullResponse(head, Unpooled.copiedBuffer(body, StandardCharsets.ISO_8859_1));
    }

    /** The bytes of the three separate messages, for comparison. */
    private static String asThreeMessages(ResponseHead head, String body) {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head, content(body), EndOfResponse.NO_TRAILERS);
        String bytes = drain(channel);
        assertFalse(channel.finishAndReleaseAll());
        return bytes;
    }

    @Test
    void writesTheSameBytesAsHeadContentAndEndForEveryFraming() {
        String[][] cases = {
                {"GET", "Content-Length", "5"},          // fixed length
                {"GET", "Content-Type", "text/plain"},  // chunked
                {"HEAD", "Content-Length", "5"},         // no body: the content of a HEAD answer is not sent
        };
        for (String[] c : cases) {
            ResponseHead head = head(c[0], HttpVersion.HTTP_1_1, 200, c[1], c[2]);
            String body = c[0].equals("HEAD") ? "" : "hello";
            EmbeddedChannel channel = Wire.channel();
            ChannelFuture written = channel.writeAndFlush(full(head, body));
            assertTrue(written.isSuccess(), () -> String.valueOf(written.cause()));
            assertEquals(asThreeMessages(head(c[0], HttpVersion.HTTP_1_1, 200, c[1], c[2]), body), drain(channel),
                    c[0] + " " + c[1]);
            assertTrue(channel.isOpen());
            assertFalse(channel.finishAndReleaseAll());
        }
    }

    @Test
    void writesHeadAndSmallContentAsOneBuffer() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeAndFlush(full(head(200, "Content-Length", "5"), "hello"));
        List<Object> pieces = Wire.pieces(channel);
        pieces.forEach(piece -> ((ByteBuf) piece).release());
        assertEquals(1, pieces.size());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void anEmptyBodyWritesNoChunkButTheLastOne() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeAndFlush(new FullResponse(head(200), Unpooled.EMPTY_BUFFER));
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n0\r\n\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void theNextResponseMayFollowOnTheSameConnection() {
        EmbeddedChannel channel = Wire.channel();
        channel.write(full(head(200, "Content-Length", "2"), "a1"));
        channel.writeAndFlush(full(head(404, "Content-Length", "2"), "b2"));
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + DATE + "\r\na1"
                + "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n" + DATE + "\r\nb2", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aRefusedHeadWritesNothingReleasesTheContentAndKeepsTheConnection() {
        EmbeddedChannel channel = Wire.channel();
        ByteBuf body = Unpooled.copiedBuffer("hello", StandardCharsets.ISO_8859_1);
        ChannelFuture written = channel.writeAndFlush(new FullResponse(head(200, "X-Bad", "a\r\nb"), body));
        assertRefused(EncodeError.INVALID_FIELD_VALUE, written);
        assertEquals(0, body.refCnt());
        assertEquals("", drain(channel));
        assertTrue(channel.isOpen());
        // The encoder still waits for a head: a good response goes out as usual.
        channel.writeAndFlush(full(head(200, "Content-Length", "2"), "ok"));
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + DATE + "\r\nok", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void contentLongerThanItsContentLengthFailsAndClosesAfterTheHead() {
        EmbeddedChannel channel = Wire.channel();
        ByteBuf body = Unpooled.copiedBuffer("hello", StandardCharsets.ISO_8859_1);
        ChannelFuture written = channel.writeAndFlush(new FullResponse(head(200, "Content-Length", "3"), body));
        channel.runPendingTasks();
        assertRefused(EncodeError.BODY_TOO_LONG, written);
        assertEquals(0, body.refCnt());
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void contentShorterThanItsContentLengthIsSentThenFailsAndCloses() {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture written = channel.writeAndFlush(full(head(200, "Content-Length", "8"), "hello"));
        channel.runPendingTasks();
        assertRefused(EncodeError.BODY_TOO_SHORT, written);
        // RFC 9112 §8: what was written leaves at once, and the close tells the client the message is incomplete.
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n" + DATE + "\r\nhello", drain(channel));
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void aCloseDelimitedBodyEndsTheConnectionAndNothingMayFollow() {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture written = channel.write(full(head("GET", HttpVersion.HTTP_1_0, 200), "bye"));
        ByteBuf next = Unpooled.copiedBuffer("late", StandardCharsets.ISO_8859_1);
        ChannelFuture after = channel.write(new FullResponse(head(200, "Content-Length", "4"), next));
        assertRefused(EncodeError.CONNECTION_CLOSING, after);
        assertEquals(0, next.refCnt());
        channel.flush();
        channel.runPendingTasks();
        assertTrue(written.isSuccess(), () -> String.valueOf(written.cause()));
        assertEquals("HTTP/1.1 200 OK\r\nConnection: close\r\n" + DATE + "\r\nbye", drain(channel));
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void contentTheStatusForbidsFailsAndClosesAfterTheHead() {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture written = channel.writeAndFlush(full(head(204), "x"));
        channel.runPendingTasks();
        assertRefused(EncodeError.BODY_NOT_ALLOWED, written);
        assertEquals("HTTP/1.1 204 No Content\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void aProtocolSwitchCannotBeWrittenWhole() {
        EmbeddedChannel channel = Wire.channel();
        ByteBuf body = Unpooled.buffer();
        ChannelFuture written = channel.writeAndFlush(new FullResponse(
                head(101, "Connection", "upgrade", "Upgrade", "websocket"), body));
        assertRefused(EncodeError.BODY_NOT_ALLOWED, written);
        assertEquals(0, body.refCnt());
        assertEquals("", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }
}
