package dev.h1.server.connection;

import dev.h1.codec.Headers;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.Upgrade;
import dev.h1.server.api.UpgradeHandler;
import dev.h1.server.pipeline.HttpServerInitializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.connection.ApiHarness.DATE;
import static dev.h1.server.connection.ApiHarness.KEEP_ALIVE;
import static dev.h1.server.connection.ApiHarness.channel;
import static dev.h1.server.connection.ApiHarness.config;
import static dev.h1.server.connection.ApiHarness.failure;
import static dev.h1.server.connection.ApiHarness.finish;
import static dev.h1.server.connection.ApiHarness.head;
import static dev.h1.server.connection.ApiHarness.send;
import static dev.h1.server.connection.ApiHarness.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocol upgrade and CONNECT (Node's 'upgrade' and 'connect'): delivered only when an {@link UpgradeHandler} is
 * registered; the handler gets the bytes that followed the request, answers 101 and hands the channel on.
 */
class UpgradeTest {

    private static final String UPGRADE = "GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: upgrade\r\n\r\n";
    private static final String SWITCHED = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: upgrade\r\n"
            + DATE + "\r\n";
    private static final List<String> H1_HANDLERS = List.of(HttpServerInitializer.IDLE,
            HttpServerInitializer.DECODER, HttpServerInitializer.ENCODER, HttpServerInitializer.CONNECTION);

    /** The next protocol: records what it reads (releasing it) and echoes it upper-cased. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        final List<String> reads = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            try {
                String text = bytes.toString(StandardCharsets.ISO_8859_1);
                reads.add(text);
                ctx.writeAndFlush(Unpooled.copiedBuffer(text.toUpperCase(), StandardCharsets.ISO_8859_1));
            } finally {
                bytes.release();
            }
        }
    }

    /** An upgrade handler that records the request and head bytes, then switches to {@code next}. */
    private static UpgradeHandler switchingTo(ChannelInboundHandlerAdapter next, List<String> seen,
                                              AtomicReference<CompletionStage<Channel>> switched) {
        return (req, upgrade) -> {
            seen.add(req.method() + " " + req.url() + " upgrade=" + req.header("Upgrade") + " head="
                    + upgrade.head().toString(StandardCharsets.ISO_8859_1));
            switched.set(upgrade.switchProtocols(new Headers().add("Upgrade", "echo"), next));
        };
    }

    private static List<String> h1HandlersIn(EmbeddedChannel ch) {
        return H1_HANDLERS.stream().filter(name -> ch.pipeline().get(name) != null).toList();
    }

    @Test
    void theUpgradeHandlerGetsTheHeadBytesAndTheChannelMovesToTheNextProtocol() {
        Echo next = new Echo();
        List<String> seen = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        AtomicReference<CompletionStage<Channel>> switched = new AtomicReference<>();
        ConnectionConfig config = config().idleTimeout(Duration.ofSeconds(30))
                .upgradeHandler(switchingTo(next, seen, switched)).build();
        EmbeddedChannel ch = channel(config, (req, res) -> requests.add(req.url()));
        assertEquals(H1_HANDLERS, h1HandlersIn(ch));

        send(ch, UPGRADE + "hello\n");

        assertEquals(List.of("GET /chat upgrade=echo head=hello\n"), seen);
        assertEquals(List.of(), requests, "an upgrade does not reach the request handler");
        assertSame(ch, switched.get().toCompletableFuture().getNow(null));
        assertEquals(SWITCHED + "HELLO\n", wire(ch));
        assertEquals(List.of(), h1HandlersIn(ch), "every h1 handler left the pipeline");
        assertSame(next, ch.pipeline().last());
        assertEquals(List.of("hello\n"), next.reads, "the head bytes reach the next protocol exactly once");

        send(ch, "more");
        assertEquals(List.of("hello\n", "more"), next.reads);
        assertEquals("MORE", wire(ch));
        assertTrue(ch.isActive());
        finish(ch);
    }

    @Test
    void withoutHeadBytesTheHeadIsEmptyAndLaterBytesReachTheNextProtocol() {
        Echo next = new Echo();
        List<String> seen = new ArrayList<>();
        AtomicReference<CompletionStage<Channel>> switched = new AtomicReference<>();
        EmbeddedChannel ch = channel(config().upgradeHandler(switchingTo(next, seen, switched)).build(),
                (req, res) -> res.end());

        send(ch, UPGRADE);
        assertEquals(List.of("GET /chat upgrade=echo head="), seen);
        assertEquals(SWITCHED, wire(ch));

        send(ch, "ping");
        assertEquals(List.of("ping"), next.reads);
        assertEquals("PING", wire(ch));
        finish(ch);
    }

    @Test
    void aSwitchDecidedLaterStillDeliversEveryByteOnceAndInOrder() {
        Echo next = new Echo();
        AtomicReference<Upgrade> handle = new AtomicReference<>();
        EmbeddedChannel ch = channel(config().upgradeHandler((req, upgrade) -> handle.set(upgrade)).build(),
                (req, res) -> res.end());
        send(ch, UPGRADE + "one,");
        assertFalse(ch.config().isAutoRead(), "no reading while the upgrade is undecided");
        send(ch, "two,");
        assertEquals("", wire(ch));

        handle.get().switchProtocols(new Headers().add("Upgrade", "echo"), next);
        assertEquals("one,", handle.get().head().toString(StandardCharsets.ISO_8859_1));
        assertEquals(List.of("one,", "two,"), next.reads);
        send(ch, "three");
        assertEquals(List.of("one,", "two,", "three"), next.reads);
        assertEquals(SWITCHED + "ONE,TWO,THREE", wire(ch));
        assertTrue(ch.config().isAutoRead());
        finish(ch);
    }

    @Test
    void theBodyOfAnUpgradeRequestIsNotPartOfTheHead() {
        Echo next = new Echo();
        List<String> seen = new ArrayList<>();
        AtomicReference<CompletionStage<Channel>> switched = new AtomicReference<>();
        EmbeddedChannel ch = channel(config().upgradeHandler(switchingTo(next, seen, switched)).build(),
                (req, res) -> res.end());

        send(ch, "POST /chat HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: upgrade\r\nContent-Length: 4\r\n\r\n"
                + "bodyafter");
        assertEquals(List.of("POST /chat upgrade=echo head=after"), seen);
        assertEquals(List.of("after"), next.reads);
        assertEquals(SWITCHED + "AFTER", wire(ch));
        finish(ch);
    }

    @Test
    void theHeadViewIsReadOnlyAndLeavesTheBytesToTheNextProtocol() {
        Echo next = new Echo();
        AtomicReference<ByteBuf> head = new AtomicReference<>();
        EmbeddedChannel ch = channel(config().upgradeHandler((req, upgrade) -> {
            head.set(upgrade.head());
            assertTrue(head.get().isReadOnly());
            head.get().skipBytes(2); // reading the view moves only the view
            upgrade.switchProtocols(new Headers().add("Upgrade", "echo"), next);
        }).build(), (req, res) -> res.end());

        send(ch, UPGRADE + "abcdef");
        assertEquals(List.of("abcdef"), next.reads);
        wire(ch);
        finish(ch);
    }

    @Test
    void withoutAnUpgradeHandlerTheSameRequestIsAnOrdinaryRequest() {
        List<String> seen = new ArrayList<>();
        EmbeddedChannel ch = channel((req, res) -> {
            seen.add(req.url() + " " + req.header("Upgrade"));
            res.end("plain");
        });
        send(ch, UPGRADE);

        assertEquals(List.of("/chat echo"), seen);
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE.trim()) + "plain", wire(ch));
        assertEquals(H1_HANDLERS.subList(1, 4), h1HandlersIn(ch));
        assertTrue(ch.isActive());
        finish(ch);
    }

    @Test
    void connectWithoutAnUpgradeHandlerIsAnswered501AndClosed() {
        List<String> seen = new ArrayList<>();
        EmbeddedChannel ch = channel((req, res) -> seen.add(req.url()));
        send(ch, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");

        assertEquals(head("HTTP/1.1 501 Not Implemented", "Content-Type: text/plain; charset=utf-8",
                "Content-Length: 15", "Connection: close") + "Not Implemented", wire(ch));
        assertEquals(List.of(), seen);
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void connectWithAnUpgradeHandlerOpensATunnelWith200() {
        Echo next = new Echo();
        AtomicReference<String> target = new AtomicReference<>();
        EmbeddedChannel ch = channel(config().upgradeHandler((req, upgrade) -> {
            target.set(req.method() + " " + req.url() + " path=" + req.path());
            upgrade.switchProtocols(new Headers(), next);
        }).build(), (req, res) -> res.end());
        send(ch, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");

        assertEquals("CONNECT example.com:443 path=example.com:443", target.get());
        assertEquals("HTTP/1.1 200 OK\r\n" + DATE + "\r\n", wire(ch));
        assertEquals(List.of(), h1HandlersIn(ch));

        send(ch, "tunnelled");
        assertEquals(List.of("tunnelled"), next.reads);
        assertEquals("TUNNELLED", wire(ch));
        finish(ch);
    }

    @Test
    void declinedUpgradesGetAnOrdinaryResponseAndTheConnectionCloses() {
        AtomicReference<Upgrade> handle = new AtomicReference<>();
        EmbeddedChannel ch = channel(config().upgradeHandler((req, upgrade) -> {
            handle.set(upgrade);
            upgrade.response().statusCode(426).setHeader("Upgrade", "h2c").end("upgrade refused");
        }).build(), (req, res) -> res.end());
        send(ch, UPGRADE + "ignored bytes");

        assertEquals(head("HTTP/1.1 426 Upgrade Required", "Upgrade: h2c", "Content-Length: 15", "Connection: close")
                + "upgrade refused", wire(ch));
        assertFalse(ch.isActive());
        IllegalStateException late = assertInstanceOf(IllegalStateException.class,
                failure(handle.get().switchProtocols(new Headers().add("Upgrade", "echo"), new Echo())));
        assertEquals("the exchange can no longer switch protocols", late.getMessage());
        finish(ch);
    }

    @Test
    void switchingTwiceFailsTheSecondStage() {
        Echo next = new Echo();
        AtomicReference<CompletionStage<Channel>> second = new AtomicReference<>();
        EmbeddedChannel ch = channel(config().upgradeHandler((req, upgrade) -> {
            upgrade.switchProtocols(new Headers().add("Upgrade", "echo"), next);
            second.set(upgrade.switchProtocols(new Headers().add("Upgrade", "echo"), new Echo()));
        }).build(), (req, res) -> res.end());
        send(ch, UPGRADE);

        assertInstanceOf(IllegalStateException.class, failure(second.get()));
        assertEquals(SWITCHED, wire(ch));
        assertSame(next, ch.pipeline().last());
        finish(ch);
    }

    @Test
    void invalidSwitchingHeadersAreRefusedAtOnce() {
        AtomicReference<IllegalArgumentException> refused = new AtomicReference<>();
        EmbeddedChannel ch = channel(config().upgradeHandler((req, upgrade) -> {
            refused.set(assertThrows(IllegalArgumentException.class,
                    () -> upgrade.switchProtocols(new Headers().add("Upgrade", "echo\r\nX: y"), new Echo())));
            upgrade.response().statusCode(400).end();
        }).build(), (req, res) -> res.end());
        send(ch, UPGRADE);

        assertTrue(refused.get().getMessage().startsWith("value of header Upgrade has an invalid character"));
        assertTrue(wire(ch).startsWith("HTTP/1.1 400 Bad Request\r\n"));
        finish(ch);
    }

    @Test
    void aSwitchWithoutAnUpgradeFieldIsRefused() {
        AtomicReference<IllegalArgumentException> refused = new AtomicReference<>();
        EmbeddedChannel ch = channel(config().upgradeHandler((req, upgrade) -> {
            refused.set(assertThrows(IllegalArgumentException.class,
                    () -> upgrade.switchProtocols(new Headers(), new Echo())));
            upgrade.response().statusCode(400).end();
        }).build(), (req, res) -> res.end());
        send(ch, UPGRADE);

        assertEquals("a 101 (Switching Protocols) must name the protocol in an Upgrade field (RFC 9110 §15.2.2)",
                refused.get().getMessage());
        assertTrue(wire(ch).startsWith("HTTP/1.1 400 Bad Request\r\n"));
        finish(ch);
    }

    @Test
    void anUpgradeHandlerThatFailsIsAnswered500AndClosed() {
        EmbeddedChannel ch = channel(config().upgradeHandler((req, upgrade) -> {
            throw new IllegalStateException("boom");
        }).build(), (req, res) -> res.end());
        send(ch, UPGRADE);

        assertEquals(head("HTTP/1.1 500 Internal Server Error", "Content-Type: text/plain; charset=utf-8",
                "Content-Length: 21", "Connection: close") + "Internal Server Error", wire(ch));
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void theUpgradeRequestIsCompleteAndClosedOnceSwitched() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedChannel ch = channel(config().upgradeHandler((req, upgrade) -> {
            request.set(req);
            upgrade.switchProtocols(new Headers().add("Upgrade", "echo"), new Echo());
        }).build(), (req, res) -> res.end());
        send(ch, UPGRADE);

        assertTrue(request.get().isComplete());
        assertTrue(request.get().closed().toCompletableFuture().isDone());
        assertFalse(request.get().isAborted());
        assertNull(ch.pipeline().get(HttpServerInitializer.CONNECTION));
        wire(ch);
        finish(ch);
    }
}
