package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.RequestStarted;
import dev.h1.codec.UpgradePolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.h1.testing.DecoderHarness.decodeAllSplitsWithStarts;
import static dev.h1.testing.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The decoder fires {@link RequestStarted} when the first byte of a request arrives: once per request, after every
 * message of the previous request, and at the same place in the event log however the input is split.
 */
class RequestStartedTest {

    private static final String GET_A = head("GET /a HTTP/1.1", "Host: x");
    private static final String GET_B = head("GET /b HTTP/1.1", "Host: x");
    private static final List<String> A = List.of(
            "head GET /a HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: x", "end");
    private static final List<String> B = List.of(
            "head GET /b HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: x", "end");

    private static List<String> log(Object... parts) {
        List<String> lines = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                list.forEach(line -> lines.add((String) line));
            } else {
                lines.add((String) part);
            }
        }
        return lines;
    }

    @Test
    void announcesARequestBeforeItsHead() {
        assertEquals(log("start", A), decodeAllSplitsWithStarts(GET_A));
    }

    @Test
    void announcesEachPipelinedRequestAfterTheMessagesOfThePreviousOne() {
        assertEquals(log("start", A, "start", B, "start", A), decodeAllSplitsWithStarts(GET_A + GET_B + GET_A));
    }

    @Test
    void announcesARequestWhoseHeadIsStillIncomplete() {
        assertEquals(log("start"), decodeAllSplitsWithStarts("GET /a HT"));
    }

    @Test
    void announcesTheNextRequestOnItsFirstByteAfterACompleteOne() {
        assertEquals(log("start", A, "start"), decodeAllSplitsWithStarts(GET_A + "G"));
    }

    @Test
    void announcesARequestOnceWhileItsBodyArrives() {
        String post = head("POST /a HTTP/1.1", "Host: x", "Content-Length: 5") + "hello";
        assertEquals(log("start", "head POST /a HTTP/1.1 CONTENT_LENGTH 5 keep-alive expect=NONE upgrade=false",
                "header Host: x", "header Content-Length: 5", "body hello", "end", "start", B),
                decodeAllSplitsWithStarts(post + GET_B));
    }

    @Test
    void countsLeadingEmptyLinesAsTheStartOfTheRequest() {
        assertEquals(log("start", A), decodeAllSplitsWithStarts("\r\n\r\n" + GET_A));
        assertEquals(log("start", A, "start", B), decodeAllSplitsWithStarts(GET_A + "\r\n" + GET_B));
    }

    @Test
    void announcesALoneEmptyLineOrCr() {
        assertEquals(log("start"), decodeAllSplitsWithStarts("\r\n"));
        assertEquals(log("start"), decodeAllSplitsWithStarts("\r"));
        assertEquals(log("start", A, "start"), decodeAllSplitsWithStarts(GET_A + "\r\n"));
    }

    @Test
    void announcesARequestThatFailsBeforeItsFailure() {
        assertEquals(log("start", "fail 400 BAD_REQUEST_LINE"), decodeAllSplitsWithStarts("GET\r\n\r\n"));
    }

    @Test
    void announcesNothingAfterARequestThatClosesTheConnection() {
        String closing = head("GET /a HTTP/1.1", "Host: x", "Connection: close");
        assertEquals(log("start", "head GET /a HTTP/1.1 NONE close expect=NONE upgrade=false", "header Host: x",
                "header Connection: close", "end"), decodeAllSplitsWithStarts(closing + GET_B));
    }

    @Test
    void announcesNothingAfterAFailure() {
        assertEquals(log("start", "fail 400 BAD_HEADER"), decodeAllSplitsWithStarts(
                head("GET /a HTTP/1.1", "Host : x") + GET_B));
    }

    @Test
    void announcesNothingOnceTheConnectionIsATunnel() {
        String upgrade = head("GET /ws HTTP/1.1", "Host: x", "Connection: upgrade", "Upgrade: websocket");
        DecoderConfig config = DecoderConfig.builder().upgradePolicy(UpgradePolicy.PASS_THROUGH).build();
        List<String> log = decodeAllSplitsWithStarts(config, (upgrade + GET_B).getBytes(StandardCharsets.ISO_8859_1),
                false);
        assertEquals(1, log.stream().filter("start"::equals).count(), () -> "log: " + log);
        assertEquals("pass " + GET_B, log.get(log.size() - 1));
    }

    @Test
    void firesTheEventThroughThePipelineOncePerRequestInOrder() {
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                seen.add(msg.getClass().getSimpleName());
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                seen.add(event);
            }
        });
        channel.writeInbound(Unpooled.copiedBuffer(GET_A + GET_B, StandardCharsets.ISO_8859_1));

        assertEquals(List.of(RequestStarted.INSTANCE, "RequestHead", "EndOfBody",
                RequestStarted.INSTANCE, "RequestHead", "EndOfBody"), seen);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void handsTheRequestOnUntouchedWhenAHandlerRemovesTheDecoderAtItsStart() {
        List<String> passed = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("h1-decoder", new RequestDecoder());
        channel.pipeline().addLast("next", new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                if (event == RequestStarted.INSTANCE && passed.isEmpty()) {
                    ctx.pipeline().remove("h1-decoder");
                }
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf bytes = (ByteBuf) msg;
                passed.add(bytes.toString(StandardCharsets.ISO_8859_1));
                bytes.release();
            }
        });
        channel.writeInbound(Unpooled.copiedBuffer(GET_A + GET_B, StandardCharsets.ISO_8859_1));

        assertEquals(GET_A + GET_B, String.join("", passed));
        assertFalse(channel.finishAndReleaseAll());
    }
}
