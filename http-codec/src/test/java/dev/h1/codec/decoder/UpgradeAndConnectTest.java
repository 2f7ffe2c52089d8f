package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.EndOfBody;
import dev.h1.codec.RequestHead;
import dev.h1.codec.UpgradePolicy;
import dev.h1.testing.Split;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.h1.testing.DecoderHarness.decodeAllSplits;
import static dev.h1.testing.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * After a complete upgrade request (RFC 9110 §7.8) or a CONNECT request (RFC 9110 §9.3.6), the bytes that follow
 * belong to another protocol: the decoder passes them on untouched, unless {@link UpgradePolicy#PARSE_AS_HTTP} says
 * the server never switches protocols.
 */
class UpgradeAndConnectTest {

    private static final String UPGRADE_HEAD =
            head("GET /chat HTTP/1.1", "Host: a", "Connection: Upgrade", "Upgrade: websocket");
    private static final List<String> UPGRADE_EVENTS = List.of(
            "head GET /chat HTTP/1.1 NONE keep-alive expect=NONE upgrade=true",
            "header Host: a", "header Connection: Upgrade", "header Upgrade: websocket", "end");
    private static final String CONNECT_HEAD = head("CONNECT example.com:443 HTTP/1.1", "Host: example.com:443");
    private static final List<String> CONNECT_EVENTS = List.of(
            "head CONNECT example.com:443 HTTP/1.1 NONE keep-alive expect=NONE upgrade=false",
            "header Host: example.com:443", "end");
    private static final DecoderConfig PARSE_AS_HTTP =
            DecoderConfig.builder().upgradePolicy(UpgradePolicy.PARSE_AS_HTTP).build();

    private static List<String> plus(List<String> events, String... more) {
        List<String> all = new java.util.ArrayList<>(events);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void passesBytesAfterAnUpgradeRequestThroughUntouched() {
        String tunnel = "\u0081\u0085binary\r\n\u0000GET / HTTP/1.1\r\n\r\n";
        assertEquals(plus(UPGRADE_EVENTS, "pass " + tunnel), decodeAllSplits(UPGRADE_HEAD + tunnel));
    }

    @Test
    void passesNothingWhenNothingFollowsTheUpgradeRequest() {
        assertEquals(UPGRADE_EVENTS, decodeAllSplits(UPGRADE_HEAD));
    }

    @Test
    void emitsTheBodyOfAnUpgradeRequestBeforePassingThrough() {
        String input = head("POST /chat HTTP/1.1", "Host: a", "Connection: upgrade", "Upgrade: x", "Content-Length: 5")
                + "hello" + "RAW";
        assertEquals(List.of("head POST /chat HTTP/1.1 CONTENT_LENGTH 5 keep-alive expect=NONE upgrade=true",
                "header Host: a", "header Connection: upgrade", "header Upgrade: x", "header Content-Length: 5",
                "body hello", "end", "pass RAW"), decodeAllSplits(input));
    }

    @Test
    void emitsTheChunkedBodyOfAnUpgradeRequestBeforePassingThrough() {
        String input = head("POST /chat HTTP/1.1", "Host: a", "Connection: upgrade", "Upgrade: x",
                "Transfer-Encoding: chunked") + "5\r\nhello\r\n0\r\n\r\n" + "RAW";
        assertEquals(List.of("head POST /chat HTTP/1.1 CHUNKED keep-alive expect=NONE upgrade=true",
                "header Host: a", "header Connection: upgrade", "header Upgrade: x",
                "header Transfer-Encoding: chunked", "body hello", "end", "pass RAW"), decodeAllSplits(input));
    }

    @Test
    void parsesTheNextRequestAfterAnUpgradeRequestWhenPolicyIsParseAsHttp() {
        String input = UPGRADE_HEAD + head("GET /next HTTP/1.1", "Host: a");
        assertEquals(plus(UPGRADE_EVENTS,
                        "head GET /next HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: a", "end"),
                decodeAllSplits(PARSE_AS_HTTP, input));
    }

    @Test
    void rejectsGarbageAfterAnUpgradeRequestWhenPolicyIsParseAsHttp() {
        List<String> log = decodeAllSplits(PARSE_AS_HTTP, UPGRADE_HEAD + "\u0081\u0085binary\r\n\r\n");
        assertEquals(UPGRADE_EVENTS, log.subList(0, UPGRADE_EVENTS.size()));
        assertEquals(UPGRADE_EVENTS.size() + 1, log.size(), () -> "log: " + log);
        assertEquals(true, log.get(log.size() - 1).startsWith("fail 400 "), () -> "log: " + log);
    }

    @Test
    void parsesOnWhenOnlyConnectionUpgradeIsSent() {
        String input = head("GET / HTTP/1.1", "Host: a", "Connection: upgrade") + head("GET /next HTTP/1.1", "Host: a");
        assertEquals(List.of("head GET / HTTP/1.1 NONE keep-alive expect=NONE upgrade=false",
                "header Host: a", "header Connection: upgrade", "end",
                "head GET /next HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: a", "end"),
                decodeAllSplits(input));
    }

    @Test
    void parsesOnWhenOnlyUpgradeIsSent() {
        String input = head("GET / HTTP/1.1", "Host: a", "Upgrade: websocket") + head("GET /next HTTP/1.1", "Host: a");
        assertEquals(List.of("head GET / HTTP/1.1 NONE keep-alive expect=NONE upgrade=false",
                "header Host: a", "header Upgrade: websocket", "end",
                "head GET /next HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: a", "end"),
                decodeAllSplits(input));
    }

    @Test
    void passesBytesAfterAConnectRequestThroughUntouched() {
        String tunnel = "\u0016\u0003\u0001 TLS hello\r\n\r\n";
        assertEquals(plus(CONNECT_EVENTS, "pass " + tunnel), decodeAllSplits(CONNECT_HEAD + tunnel));
    }

    @Test
    void tunnelsAfterConnectEvenWhenPolicyIsParseAsHttp() {
        String tunnel = head("GET / HTTP/1.1", "Host: a");
        assertEquals(plus(CONNECT_EVENTS, "pass " + tunnel), decodeAllSplits(PARSE_AS_HTTP, CONNECT_HEAD + tunnel));
    }

    @Test
    void passesNothingWhenNothingFollowsTheConnectRequest() {
        assertEquals(CONNECT_EVENTS, decodeAllSplits(CONNECT_HEAD));
    }

    /**
     * The handoff of an upgrade (STYLE §6): when the request is complete, the next protocol's handler takes over and
     * the decoder is removed; bytes the decoder still buffers are handed on by its removal, and later bytes reach the
     * next handler directly. Whatever the split, the next protocol sees every byte after the request, once, in order.
     */
    @Test
    void handsBufferedBytesToTheNextHandlerWhenRemovedAfterTheUpgradeRequest() {
        String tunnel = "\u0081\u0085binary GET / HTTP/1.1\r\n\r\n";
        byte[] input = (UPGRADE_HEAD + tunnel).getBytes(StandardCharsets.ISO_8859_1);
        for (Split split : Split.values()) {
            for (List<byte[]> reads : split.feeds(input)) {
                assertEquals("head end " + tunnel, bytesAfterHandoff(reads), () -> "split " + split);
            }
        }
    }

    /** Runs the reads through a decoder that a handoff handler removes at the end of the upgrade request. */
    private static String bytesAfterHandoff(List<byte[]> reads) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("decoder", new RequestDecoder());
        channel.pipeline().addLast("handoff", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                boolean end = msg instanceof EndOfBody;
                ctx.fireChannelRead(msg);
                if (end) {
                    ctx.pipeline().remove("decoder");
                }
            }
        });
        StringBuilder seen = new StringBuilder();
        StringBuilder passed = new StringBuilder();
        for (byte[] read : reads) {
            channel.writeInbound(Unpooled.wrappedBuffer(read));
            for (Object msg; (msg = channel.readInbound()) != null; ) {
                try {
                    if (msg instanceof RequestHead) {
                        seen.append("head ");
                    } else if (msg instanceof EndOfBody) {
                        seen.append("end ");
                    } else if (msg instanceof ByteBuf bytes) {
                        passed.append(bytes.toString(StandardCharsets.ISO_8859_1));
                    } else {
                        seen.append("unexpected ").append(msg).append(' ');
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }
        }
        assertFalse(channel.finishAndReleaseAll(), "messages left in the channel");
        return seen.toString() + passed;
    }
}
