package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.EndOfResponse;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.RequestHead;
import dev.h1.codec.ResponseHead;
import dev.h1.codec.decoder.RequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.h1.codec.encoder.Wire.DATE;
import static dev.h1.codec.encoder.Wire.assertRefused;
import static dev.h1.codec.encoder.Wire.content;
import static dev.h1.codec.encoder.Wire.drain;
import static dev.h1.codec.encoder.Wire.head;
import static dev.h1.codec.encoder.Wire.pieces;
import static dev.h1.codec.encoder.Wire.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After a 101 (RFC 9110 §15.2.2) the codec leaves and every later byte reaches the next protocol exactly once. */
class UpgradeHandoffTest {

    private static final String SWITCHING = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\n"
            + "Connection: upgrade\r\n" + DATE + "\r\n";

    @Test
    void handsBytesAfterTheUpgradeRequestToTheNextHandlerExactlyOnce() {
        ConnectionStandIn connection = new ConnectionStandIn();
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(), Wire.encoder(), connection);
        channel.writeInbound(ascii("GET /chat HTTP/1.1\r\nHost: example.com\r\nConnection: upgrade\r\n"
                + "Upgrade: echo\r\n\r\nLEFT"));
        channel.writeInbound(ascii("OVER"));
        assertNotNull(connection.request, "the decoder emitted the upgrade request");

        ResponseHead switching = ResponseHead.forRequest(connection.request, 101);
        switching.headers().add("Upgrade", "echo").add("Connection", "upgrade");
        channel.writeOutbound(switching);
        assertEquals(SWITCHING, drain(channel));

        Recorder next = new Recorder();
        List<ByteBuf> held = connection.takeHeld();
        channel.pipeline().remove(connection); // the connection handler is the caller's to remove
        UpgradeHandoff.switchTo(channel.pipeline(), channel.pipeline().get(RequestDecoder.class), "next", next, held);
        channel.writeInbound(ascii("MORE"));
        assertEquals(List.of("LEFT", "OVER", "MORE"), next.reads);
        assertEquals(List.of("next"), handlerNames(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void removesTheDecoderLastSoThatItsBufferedBytesReachTheNextHandler() {
        HoldingDecoder decoder = new HoldingDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, Wire.encoder());
        channel.writeInbound(ascii("LEFTOVER"));
        channel.writeOutbound(head(101, "Upgrade", "echo", "Connection", "upgrade"));
        assertEquals(SWITCHING, drain(channel));

        Recorder next = new Recorder();
        UpgradeHandoff.switchTo(channel.pipeline(), decoder, "next", next, List.of(ascii("EARLY")));
        assertEquals(List.of("EARLY", "LEFTOVER"), next.reads, "emitted bytes first, then those still buffered");
        assertTrue(next.readCompletes > 0, "the next handler is told the reads are complete");
        channel.writeInbound(ascii("MORE"));
        assertEquals(List.of("EARLY", "LEFTOVER", "MORE"), next.reads);
        assertEquals(List.of("next"), handlerNames(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void findsTheRequestDecoderByType() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(), Wire.encoder());
        channel.writeOutbound(head(101, "Upgrade", "echo", "Connection", "upgrade"));
        drain(channel);
        Recorder next = new Recorder();
        UpgradeHandoff.switchTo(channel.pipeline(), "next", next);
        channel.writeInbound(ascii("HELLO"));
        assertEquals(List.of("HELLO"), next.reads);
        assertEquals(List.of("next"), handlerNames(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesAnUnflushedSwitchingHeadBeforeTheNewProtocolsBytes() {
        HoldingDecoder decoder = new HoldingDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, Wire.encoder());
        channel.write(head(101, "Upgrade", "echo", "Connection", "upgrade"));
        UpgradeHandoff.switchTo(channel.pipeline(), decoder, null, new Recorder(), List.of());
        channel.writeAndFlush(ascii("new protocol"));
        List<Object> pieces = pieces(channel);
        assertEquals(2, pieces.size());
        assertEquals(SWITCHING, text(pieces.get(0)));
        assertEquals("new protocol", text(pieces.get(1)));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void switchesToATunnelAfterA2xxAnswerToConnect() {
        HoldingDecoder decoder = new HoldingDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, Wire.encoder());
        channel.writeOutbound(head("CONNECT", HttpVersion.HTTP_1_1, 200),
                EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\n" + DATE + "\r\n", drain(channel));
        Recorder next = new Recorder();
        UpgradeHandoff.switchTo(channel.pipeline(), decoder, "tunnel", next, List.of());
        channel.writeInbound(ascii("tunnelled"));
        assertEquals(List.of("tunnelled"), next.reads);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesToSwitchBeforeASwitchingHeadAndReleasesWhatItWasGiven() {
        HoldingDecoder decoder = new HoldingDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, Wire.encoder());
        channel.writeOutbound(head(200, "Content-Length", "0"));
        drain(channel);
        ByteBuf early = ascii("EARLY");
        assertThrows(IllegalStateException.class,
                () -> UpgradeHandoff.switchTo(channel.pipeline(), decoder, "next", new Recorder(), List.of(early)));
        assertEquals(0, early.refCnt());
        assertEquals(2, handlerNames(channel).size(), "nothing was removed");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesToSwitchWithoutTheCodecInThePipeline() {
        EmbeddedChannel channel = Wire.channel();
        assertThrows(IllegalStateException.class,
                () -> UpgradeHandoff.switchTo(channel.pipeline(), "next", new Recorder()));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesContentAfterASwitchingHeadButAcceptsAnEmptyEnd() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(101, "Upgrade", "echo", "Connection", "upgrade"));
        drain(channel);
        assertRefused(EncodeError.BODY_NOT_ALLOWED, channel.write(content("x")));
        assertRefused(EncodeError.TRAILERS_NOT_ALLOWED,
                channel.write(new EndOfResponse(new Headers().add("X", "y"))));
        assertRefused(EncodeError.UNEXPECTED_MESSAGE, channel.write(head(200)));
        ChannelFuture end = channel.write(EndOfResponse.NO_TRAILERS);
        channel.flush();
        assertTrue(end.isSuccess());
        assertEquals("", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    private static List<String> handlerNames(EmbeddedChannel channel) {
        List<String> names = new ArrayList<>(channel.pipeline().names());
        names.removeIf(name -> name.startsWith("DefaultChannelPipeline$TailContext"));
        return names;
    }

    /** Never decodes: every byte stays in the cumulation, as in a decoder that has not yet parsed them. */
    private static final class HoldingDecoder extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        }
    }

    /** The next protocol's handler: records each read as text, exactly as it arrives. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<String> reads = new ArrayList<>();
        int readCompletes;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                reads.add(((ByteBuf) msg).toString(StandardCharsets.US_ASCII));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            readCompletes++;
        }
    }

    /** Stands in for the HTTP connection handler: keeps the request and the raw bytes the decoder passed through. */
    private static final class ConnectionStandIn extends ChannelInboundHandlerAdapter {
        RequestHead request;
        private final List<ByteBuf> held = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof RequestHead head) {
                request = head;
            } else if (msg instanceof ByteBuf bytes) {
                held.add(bytes);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        List<ByteBuf> takeHeld() {
            List<ByteBuf> taken = new ArrayList<>(held);
            held.clear();
            return taken;
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            held.forEach(ByteBuf::release);
            held.clear();
        }
    }
}
