package dev.h1.server.connection;

import dev.h1.codec.Headers;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.Upgrade;
import dev.h1.server.api.UpgradeHandler;
import dev.h1.server.pipeline.HttpServerInitializer;
import dev.h1.server.testing.EmbeddedServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.testing.EmbeddedServer.DATE;
import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.failure;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.post;
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

    private static final String UPGRADE = get("/chat", "Upgrade: echo", "Connection: upgrade");
    private static final String SWITCHED = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\n"
            + "Connection: upgrade\r\n" + DATE + "\r\n";
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

    private static List<String> h1HandlersIn(EmbeddedServer server) {
        return H1_HANDLERS.stream().filter(name -> server.channel().pipeline().get(name) != null).toList();
    }

    @Test
    void theUpgradeHandlerGetsTheHeadBytesAndTheChannelMovesToTheNextProtocol() {
        Echo next = new Echo();
        List<String> seen = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        AtomicReference<CompletionStage<Channel>> switched = new AtomicReference<>();
        ConnectionConfig.Builder config = config().idleTimeout(Duration.ofSeconds(30))
                .upgradeHandler(switchingTo(next, seen, switched));
        EmbeddedServer server = EmbeddedServer.start(config, (req, res) -> requests.add(req.url()));
        assertEquals(H1_HANDLERS, h1HandlersIn(server));

        server.send(UPGRADE + "hello\n");

        assertEquals(List.of("GET /chat upgrade=echo head=hello\n"), seen);
        assertEquals(List.of(), requests, "an upgrade does not reach the request handler");
        assertSame(server.channel(), switched.get().toCompletableFuture().getNow(null));
        assertEquals(SWITCHED + "HELLO\n", server.output());
        assertEquals(List.of(), h1HandlersIn(server), "every h1 handler left the pipeline");
        assertSame(next, server.channel().pipeline().last());
        assertEquals(List.of("hello\n"), next.reads, "the head bytes reach the next protocol exactly once");

        server.send("more");
        assertEquals(List.of("hello\n", "more"), next.reads);
        assertEquals("MORE", server.output());
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void withoutHeadBytesTheHeadIsEmptyAndLaterBytesReachTheNextProtocol() {
        Echo next = new Echo();
        List<String> seen = new ArrayList<>();
        AtomicReference<CompletionStage<Channel>> switched = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(config().upgradeHandler(switchingTo(next, seen, switched)),
                (req, res) -> res.end());

        server.send(UPGRADE);
        assertEquals(List.of("GET /chat upgrade=echo head="), seen);
        assertEquals(SWITCHED, server.output());

        server.send("ping");
        assertEquals(List.of("ping"), next.reads);
        assertEquals("PING", server.output());
        server.finish();
    }

    @Test
    void aSwitchDecidedLaterStillDeliversEveryByteOnceAndInOrder() {
        Echo next = new Echo();
        AtomicReference<Upgrade> handle = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(config().upgradeHandler((req, upgrade) -> handle.set(upgrade)),
                (req, res) -> res.end());
        server.send(UPGRADE + "one,");
        assertFalse(server.isAutoRead(), "no reading while the upgrade is undecided");
        server.send("two,");
        assertEquals("", server.output());

        handle.get().switchProtocols(new Headers().add("Upgrade", "echo"), next);
        assertEquals("one,", handle.get().head().toString(StandardCharsets.ISO_8859_1));
        assertEquals(List.of("one,", "two,"), next.reads);
        server.send("three");
        assertEquals(List.of("one,", "two,", "three"), next.reads);
        assertEquals(SWITCHED + "ONE,TWO,THREE", server.output());
        assertTrue(server.isAutoRead());
        server.finish();
    }

    @Test
    void theBodyOfAnUpgradeRequestIsNotPartOfTheHead() {
        Echo next = new Echo();
        List<String> seen = new ArrayList<>();
        AtomicReference<CompletionStage<Channel>> switched = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(config().upgradeHandler(switchingTo(next, seen, switched)),
                (req, res) -> res.end());

        server.send(post("/chat", "body", "Upgrade: echo", "Connection: upgrade") + "after");
        assertEquals(List.of("POST /chat upgrade=echo head=after"), seen);
        assertEquals(List.of("after"), next.reads);
        assertEquals(SWITCHED + "AFTER", server.output());
        server.finish();
    }

    @Test
    void theHeadViewIsReadOnlyAndLeavesTheBytesToTheNextProtocol() {
        Echo next = new Echo();
        AtomicReference<ByteBuf> head = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(config().upgradeHandler((req, upgrade) -> {
            head.set(upgrade.head());
            assertTrue(head.get().isReadOnly());
            head.get().skipBytes(2); // reading the view moves only the view
            upgrade.switchProtocols(new Headers().add("Upgrade", "echo"), next);
        }), (req, res) -> res.end());

        server.send(UPGRADE + "abcdef");
        assertEquals(List.of("abcdef"), next.reads);
        server.output();
        server.finish();
    }

    @Test
    void withoutAnUpgradeHandlerTheSameRequestIsAnOrdinaryRequest() {
        List<String> seen = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            seen.add(req.url() + " " + req.header("Upgrade"));
            res.end("plain");
        });
        server.send(UPGRADE);

        assertEquals(List.of("/chat echo"), seen);
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE) + "plain", server.output());
        assertEquals(H1_HANDLERS.subList(1, 4), h1HandlersIn(server));
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void connectWithoutAnUpgradeHandlerIsAnswered501AndClosed() {
        List<String> seen = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> seen.add(req.url()));
        server.send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");

        assertEquals(head("HTTP/1.1 501 Not Implemented", "Content-Type: text/plain; charset=utf-8",
                "Content-Length: 15", "Connection: close") + "Not Implemented", server.output());
        assertEquals(List.of(), seen);
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void connectWithAnUpgradeHandlerOpensATunnelWith200() {
        Echo next = new Echo();
        AtomicReference<String> target = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(config().upgradeHandler((req, upgrade) -> {
            target.set(req.method() + " " + req.url() + " path=" + req.path());
            upgrade.switchProtocols(new Headers(), next);
        }), (req, res) -> res.end());
        server.send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");

        assertEquals("CONNECT example.com:443 path=example.com:443", target.get());
        assertEquals("HTTP/1.1 200 OK\r\n" + DATE + "\r\n", server.output());
        assertEquals(List.of(), h1HandlersIn(server));

        server.send("tunnelled");
        assertEquals(List.of("tunnelled"), next.reads);
        assertEquals("TUNNELLED", server.output());
        server.finish();
    }

    @Test
    void declinedUpgradesGetAnOrdinaryResponseAndTheConnectionCloses() {
        AtomicReference<Upgrade> handle = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(config().upgradeHandler((req, upgrade) -> {
            handle.set(upgrade);
            upgrade.response().statusCode(426).setHeader("Upgrade", "h2c").end("upgrade refused");
        }), (req, res) -> res.end());
        server.send(UPGRADE + "ignored bytes");

        assertEquals(head("HTTP/1.1 426 Upgrade Required", "Upgrade: h2c", "Content-Length: 15", "Connection: close")
                + "upgrade refused", server.output());
        assertFalse(server.isOpen());
        IllegalStateException late = assertInstanceOf(IllegalStateException.class,
                failure(handle.get().switchProtocols(new Headers().add("Upgrade", "echo"), new Echo())));
        assertEquals("the exchange can no longer switch protocols", late.getMessage());
        server.finish();
    }

    @Test
    void switchingTwiceFailsTheSecondStage() {
        Echo next = new Echo();
        AtomicReference<CompletionStage<Channel>> second = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(config().upgradeHandler((req, upgrade) -> {
            upgrade.switchProtocols(new Headers().add("Upgrade", "echo"), next);
            second.set(upgrade.switchProtocols(new Headers().add("Upgrade", "echo"), new Echo()));
        }), (req, res) -> res.end());
        server.send(UPGRADE);

        assertInstanceOf(IllegalStateException.class, failure(second.get()));
        assertEquals(SWITCHED, server.output());
        assertSame(next, server.channel().pipeline().last());
        server.finish();
    }

    @Test
    void invalidSwitchingHeadersAreRefusedAtOnce() {
        AtomicReference<IllegalArgumentException> refused = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(config().upgradeHandler((req, upgrade) -> {
            refused.set(assertThrows(IllegalArgumentException.class,
                    () -> upgrade.switchProtocols(new Headers().add("Upgrade", "echo\r\nX: y"), new Echo())));
            upgrade.response().statusCode(400).end();
        }), (req, res) -> res.end());
        server.send(UPGRADE);

        assertEquals("value of header Upgrade has an invalid character (code 13) at index 4; CR, LF, NUL and other"
                + " controls are refused", refused.get().getMessage());
        assertEquals(head("HTTP/1.1 400 Bad Request", "Content-Length: 0", "Connection: close"), server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void aSwitchWithoutAnUpgradeFieldIsRefused() {
        AtomicReference<IllegalArgumentException> refused = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(config().upgradeHandler((req, upgrade) -> {
            refused.set(assertThrows(IllegalArgumentException.class,
                    () -> upgrade.switchProtocols(new Headers(), new Echo())));
            upgrade.response().statusCode(400).end();
        }), (req, res) -> res.end());
        server.send(UPGRADE);

        assertEquals("a 101 (Switching Protocols) must name the protocol in an Upgrade field (RFC 9110 §15.2.2)",
                refused.get().getMessage());
        assertEquals(head("HTTP/1.1 400 Bad Request", "Content-Length: 0", "Connection: close"), server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void anUpgradeHandlerThatFailsIsAnswered500AndClosed() {
        EmbeddedServer server = EmbeddedServer.start(config().upgradeHandler((req, upgrade) -> {
            throw new IllegalStateException("boom");
        }), (req, res) -> res.end());
        server.send(UPGRADE);

        assertEquals(head("HTTP/1.1 500 Internal Server Error", "Content-Type: text/plain; charset=utf-8",
                "Content-Length: 21", "Connection: close") + "Internal Server Error", server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void theUpgradeRequestIsCompleteAndClosedOnceSwitched() {
        AtomicReference<ServerRequest> request = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(config().upgradeHandler((req, upgrade) -> {
            request.set(req);
            upgrade.switchProtocols(new Headers().add("Upgrade", "echo"), new Echo());
        }), (req, res) -> res.end());
        server.send(UPGRADE);

        assertTrue(request.get().isComplete());
        assertTrue(request.get().closed().toCompletableFuture().isDone());
        assertFalse(request.get().isAborted());
        assertNull(server.channel().pipeline().get(HttpServerInitializer.CONNECTION));
        server.output();
        server.finish();
    }
}
