package dev.h1.codec.encoder;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/** The array in which heads and trailer sections are assembled before they are copied into the batch. */
class LineBufferTest {

    private static String text(LineBuffer lines) {
        return new String(lines.array(), 0, lines.length(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void writesArraysLatin1TextSeparatorsAndBytesInOrder() {
        LineBuffer lines = new LineBuffer();
        lines.write(WireConstants.ascii("Name"));
        lines.colonSpace();
        lines.writeLatin1("caf\u00e9");
        lines.crlf();
        lines.writeByte('!');
        assertEquals("Name: caf\u00e9\r\n!", text(lines));
        assertEquals(0xE9, lines.array()[9] & 0xFF);
    }

    @Test
    void growsForALongHeadAndKeepsWhatWasWritten() {
        LineBuffer lines = new LineBuffer();
        String value = "x".repeat(3_000);
        lines.writeLatin1("a");
        lines.writeLatin1(value);
        lines.write(value.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("a" + value + value, text(lines));
    }

    /**
     * A batch holds a line buffer only while it assembles: the buffer is the thread's spare, lent to one batch at a
     * time, so an idle encoder holds none and two assemblies at once never share one.
     */
    @Test
    void isLentToABatchOnlyWhileItAssembles() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter());
        ChannelHandlerContext ctx = channel.pipeline().firstContext();
        WriteBatch first = new WriteBatch();
        WriteBatch second = new WriteBatch();
        LineBuffer lent = first.lines();
        assertSame(lent, first.lines(), "the same batch keeps its buffer until it appends");
        LineBuffer other = second.lines();
        assertNotSame(lent, other, "two assemblies at once");
        lent.writeLatin1("HTTP/1.1 204 No Content\r\n\r\n");
        other.writeLatin1("HTTP/1.1 304 Not Modified\r\n\r\n");
        first.appendLines(ctx, ctx.voidPromise());
        second.appendLines(ctx, ctx.voidPromise());
        assertSame(lent, new WriteBatch().lines(), "given back, the first is the thread's spare again");
        first.forward(ctx);
        second.forward(ctx);
        channel.flush();
        assertEquals("HTTP/1.1 204 No Content\r\n\r\n", outbound(channel));
        assertEquals("HTTP/1.1 304 Not Modified\r\n\r\n", outbound(channel));
        channel.finishAndReleaseAll();
    }

    private static String outbound(EmbeddedChannel channel) {
        ByteBuf out = channel.readOutbound();
        try {
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }

    @Test
    void keepsAnArrayOfUsualSizeAcrossClearsAndDropsAnUnusuallyLargeOne() {
        LineBuffer lines = new LineBuffer();
        byte[] usual = lines.array();
        lines.writeLatin1("y".repeat(2_000));
        byte[] grown = lines.array();
        assertNotSame(usual, grown);
        assertSame(grown, lines.clear().array());
        assertEquals(0, lines.length());
        lines.writeLatin1("z".repeat(20_000));
        lines.clear();
        assertEquals(0, lines.length());
        assertEquals(usual.length, lines.array().length);
    }
}
