package dev.h1.codec.encoder;

import dev.h1.codec.EndOfResponse;
import dev.h1.codec.ResponseContent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static dev.h1.codec.encoder.Wire.DATE;
import static dev.h1.codec.encoder.Wire.content;
import static dev.h1.codec.encoder.Wire.drain;
import static dev.h1.codec.encoder.Wire.head;
import static dev.h1.codec.encoder.Wire.pieces;
import static dev.h1.codec.encoder.Wire.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No flush per message, head and small body in one buffer, large bodies never copied, shared constants. */
class WriteEfficiencyTest {

    @Test
    void neverFlushesOnItsOwn() {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture head = channel.write(head(200, "Content-Length", "2"));
        ChannelFuture body = channel.write(content("ok"));
        ChannelFuture end = channel.write(EndOfResponse.NO_TRAILERS);
        assertTrue(channel.outboundMessages().isEmpty());
        assertFalse(head.isDone() || body.isDone() || end.isDone());
        channel.flush();
        assertTrue(head.isSuccess() && body.isSuccess() && end.isSuccess());
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + DATE + "\r\nok", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    /** The pieces share one buffer, so when its write fails, every piece's promise fails with the same cause. */
    @Test
    void aFailedBatchFailsEveryPromiseItCarried() {
        EmbeddedChannel channel = Wire.channel();
        IOException refused = new IOException("the transport refused the write");
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(refused);
            }
        });
        ChannelFuture head = channel.write(head(200, "Content-Length", "2"));
        ChannelFuture body = channel.write(content("ok"));
        ChannelFuture end = channel.writeAndFlush(EndOfResponse.NO_TRAILERS);
        assertAll(
                () -> assertSame(refused, head.cause(), "head"),
                () -> assertSame(refused, body.cause(), "body"),
                () -> assertSame(refused, end.cause(), "end"));
        assertTrue(channel.outboundMessages().isEmpty());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesAHeadAndASmallBodyAsOneBuffer() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Content-Length", "5"), content("hello"), EndOfResponse.NO_TRAILERS);
        List<Object> pieces = pieces(channel);
        assertEquals(1, pieces.size());
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n" + DATE + "\r\nhello", text(pieces.get(0)));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesAWholeSmallChunkedResponseAsOneBuffer() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200), content("hello"), EndOfResponse.NO_TRAILERS);
        List<Object> pieces = pieces(channel);
        assertEquals(1, pieces.size());
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n5\r\nhello\r\n0\r\n\r\n",
                text(pieces.get(0)));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void passesALargeBodyOnWithoutCopyingIt() {
        EmbeddedChannel channel = Wire.channel();
        ResponseContent large = content(WriteBatch.MAX_COPY_BYTES + 1, 'x');
        ByteBuf bytes = large.content();
        channel.writeOutbound(head(200, "Content-Length", String.valueOf(bytes.readableBytes())), large,
                EndOfResponse.NO_TRAILERS);
        List<Object> pieces = pieces(channel);
        assertEquals(3, pieces.size(), "head, the body itself, and the empty buffer that carries the end's promise");
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 1025\r\n" + DATE + "\r\n", text(pieces.get(0)));
        assertSame(bytes, pieces.get(1));
        assertEquals("x".repeat(1025), text(pieces.get(1)));
        assertEquals("", text(pieces.get(2)));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void framesALargeChunkAroundTheUncopiedBufferWithSharedConstants() {
        EmbeddedChannel channel = Wire.channel();
        ResponseContent large = content(2000, 'y');
        ByteBuf bytes = large.content();
        channel.writeOutbound(head(200), large, EndOfResponse.NO_TRAILERS);
        List<Object> pieces = pieces(channel);
        assertEquals(4, pieces.size());
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n7d0\r\n", text(pieces.get(0)));
        assertSame(bytes, pieces.get(1));
        text(pieces.get(1));
        ByteBuf crlf = (ByteBuf) pieces.get(2);
        ByteBuf last = (ByteBuf) pieces.get(3);
        assertTrue(crlf.isReadOnly() && last.isReadOnly());
        assertEquals("\r\n", text(crlf));
        assertEquals("0\r\n\r\n", text(last));
        assertEquals(1, WireConstants.CRLF.refCnt(), "releasing a duplicate leaves the constant alive");
        assertEquals(0, WireConstants.CRLF.readerIndex());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void letsPipelinedResponsesShareOneWriteUntilTheFlush() {
        EmbeddedChannel channel = Wire.channel();
        channel.write(head(200, "Content-Length", "1"));
        channel.write(content("a"));
        channel.write(EndOfResponse.NO_TRAILERS);
        channel.write(head(404, "Content-Length", "0"));
        channel.write(EndOfResponse.NO_TRAILERS);
        channel.flush();
        List<Object> pieces = pieces(channel);
        assertEquals(1, pieces.size());
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n" + DATE + "\r\na"
                + "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n" + DATE + "\r\n", text(pieces.get(0)));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void boundsWhatItHoldsBackBeforeAFlush() {
        EmbeddedChannel channel = Wire.channel();
        channel.write(head(200));
        int pieces = 40;
        for (int i = 0; i < pieces; i++) {
            channel.write(content(1000, 'z'));
        }
        channel.write(EndOfResponse.NO_TRAILERS);
        channel.flush();
        List<Object> written = pieces(channel);
        assertTrue(written.size() > 1, "a batch never grows past MAX_BATCH_BYTES");
        StringBuilder wire = new StringBuilder();
        for (Object piece : written) {
            assertTrue(((ByteBuf) piece).readableBytes() <= WriteBatch.MAX_BATCH_BYTES);
            wire.append(text(piece));
        }
        String chunk = "3e8\r\n" + "z".repeat(1000) + "\r\n";
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n" + chunk.repeat(pieces)
                + "0\r\n\r\n", wire.toString());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesHeldBytesWhenRemovedFromThePipeline() {
        EmbeddedChannel channel = Wire.channel();
        channel.write(head(200, "Content-Length", "0"));
        channel.write(EndOfResponse.NO_TRAILERS);
        channel.pipeline().remove(ResponseEncoder.class);
        channel.flush();
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void failsHeldWritesLikeAnyUnflushedWriteOnClose() {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture head = channel.write(head(200, "Content-Length", "5"));
        ChannelFuture body = channel.write(content("hello"));
        channel.close();
        assertFalse(head.isSuccess());
        assertFalse(body.isSuccess());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void completesPromisesOfCopiedPiecesWhenTheirBatchIsWritten() {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture head = channel.write(head(200));
        ChannelFuture small = channel.write(content("abc"));
        ChannelFuture large = channel.write(new ResponseContent(Unpooled.wrappedBuffer(new byte[4096])));
        ChannelFuture end = channel.write(EndOfResponse.NO_TRAILERS);
        channel.flush();
        assertTrue(head.isSuccess() && small.isSuccess() && large.isSuccess() && end.isSuccess());
        drain(channel);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void opensEachBatchAsLargeAsTheLastOne() {
        EmbeddedChannel channel = Wire.channel();
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n" + DATE + "\r\nhello";
        channel.writeOutbound(head(200, "Content-Length", "5"), content("hello"), EndOfResponse.NO_TRAILERS);
        ByteBuf first = channel.readOutbound();
        // The first batch has room for a small body after the head, however large the one that came is.
        int headBytes = response.length() - 5;
        assertTrue(first.capacity() >= headBytes + WriteBatch.MAX_COPY_BYTES, "capacity " + first.capacity());
        assertEquals(response, text(first));

        channel.writeOutbound(head(200, "Content-Length", "5"), content("hello"), EndOfResponse.NO_TRAILERS);
        ByteBuf second = channel.readOutbound();
        assertEquals(response.length(), second.capacity(), "opened at the size of the batch before");
        assertEquals(response, text(second));

        // A larger batch than the last grows as needed, and sets the size of the next.
        String larger = "x".repeat(600);
        channel.writeOutbound(head(200, "Content-Length", "600"), content(larger), EndOfResponse.NO_TRAILERS);
        String third = text(channel.readOutbound());
        assertTrue(third.endsWith(larger));
        channel.writeOutbound(head(200, "Content-Length", "5"), content("hello"), EndOfResponse.NO_TRAILERS);
        ByteBuf after = channel.readOutbound();
        assertEquals(third.length(), after.capacity());
        assertEquals(response, text(after));
        assertFalse(channel.finishAndReleaseAll());
    }
}
