package dev.h1.server.connection;

import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Valve;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.failure;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static dev.h1.server.testing.EmbeddedServer.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drain as Node programs use it: {@code if (!res.write(x)) res.once('drain', ...)} is {@code drained()}, a one-shot
 * stage; a drain that comes between {@code write()} returning false and the registration is not missed; and a write's
 * completion is observable ({@code write(data, callback)}). A {@link Valve} holds flushes back, as a socket that does
 * not drain.
 */
class DrainOnceTest {

    private static final String PIECE = "0123456789abcdef0123456789"; // 26 bytes: over a 16-byte high mark

    private ServerResponse response;

    private EmbeddedServer start() {
        EmbeddedServer server = EmbeddedServer.start(config().writeBufferWaterMarks(8, 16),
                (req, res) -> response = res);
        server.valve();
        server.send(get("/"));
        return server;
    }

    @Test
    void drainedCompletesAtTheNextDrainOnlyOnce() {
        EmbeddedServer server = start();
        Valve valve = server.valve();

        assertFalse(response.write(PIECE));
        CompletionStage<Void> first = response.drained();
        assertFalse(first.toCompletableFuture().isDone());
        valve.drain();
        assertTrue(succeeded(first));

        assertFalse(response.write(PIECE), "the valve holds this piece");
        CompletionStage<Void> second = response.drained();
        assertFalse(second.toCompletableFuture().isDone(), "a new stage for the next drain");
        valve.open();
        assertTrue(succeeded(second));
        response.end();
        assertEquals(PIECE + PIECE, responses(server.output()).get(0).body());
        server.finish();
    }

    @Test
    void drainedIsCompleteAtOnceWhileWritable() {
        EmbeddedServer server = start();

        assertTrue(succeeded(response.drained()));
        server.valve().open();
        response.end();
        server.output();
        server.finish();
    }

    @Test
    void aDrainBeforeTheRegistrationIsNotMissed() {
        List<String> drained = new ArrayList<>();
        EmbeddedServer server = start();

        assertFalse(response.write(PIECE));
        server.valve().open(); // drains while nobody listens, as when another thread registers a moment late
        response.onDrain(() -> drained.add("drain"));
        CompletionStage<Void> once = response.drained();

        assertEquals(List.of("drain"), drained, "the drain that came first is delivered at registration");
        assertTrue(succeeded(once));
        response.end();
        server.output();
        assertEquals(List.of("drain"), drained);
        server.finish();
    }

    @Test
    void drainedFailsWhenTheConnectionClosesFirst() {
        EmbeddedServer server = start();
        assertFalse(response.write(PIECE));
        CompletionStage<Void> once = response.drained();

        server.clientCloses();

        assertInstanceOf(IllegalStateException.class, failure(once));
        server.finish();
    }

    @Test
    void theWriteCallbackLearnsWhenThePieceReachedTheTransport() {
        List<String> outcomes = new ArrayList<>();
        EmbeddedServer server = start();

        response.write(Unpooled.copiedBuffer(PIECE, StandardCharsets.US_ASCII),
                failure -> outcomes.add(String.valueOf(failure)));
        assertEquals(List.of(), outcomes, "held in the outbound buffer");
        server.valve().open();

        assertEquals(List.of("null"), outcomes);
        response.end();
        assertEquals(PIECE, responses(server.output()).get(0).body());
        server.finish();
    }

    @Test
    void theWriteCallbackLearnsOfAPieceThatNeverReachedTheClient() {
        List<Throwable> outcomes = new ArrayList<>();
        EmbeddedServer server = start();

        response.write(Unpooled.copiedBuffer(PIECE, StandardCharsets.US_ASCII), outcomes::add);
        server.clientCloses();

        assertEquals(1, outcomes.size());
        assertTrue(outcomes.get(0) != null, "failed");
        server.finish();
    }

    @Test
    void aPieceWithoutABodyToGoInCountsAsWritten() {
        List<String> outcomes = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.statusCode(204);
            res.write(Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII),
                    failure -> outcomes.add(String.valueOf(failure)));
            res.end();
        });

        server.send(get("/"));

        assertEquals(List.of("null"), outcomes);
        assertEquals(204, responses(server.output()).get(0).status());
        server.finish();
    }

    @Test
    void anObservedWriteAfterEndIsRefusedAndReleased() {
        List<Throwable> outcomes = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            response = res;
            res.end();
        });
        server.send(get("/"));
        server.output();
        var data = Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII);

        assertThrows(IllegalStateException.class, () -> response.write(data, outcomes::add));

        assertEquals(0, data.refCnt());
        assertEquals(List.of(), outcomes, "a refused call throws instead");
        server.finish();
    }

    @Test
    void onlyAnObservedWriteAndTheEndCostAPromise() {
        List<Boolean> promised = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            response = res;
            res.write("a");
            res.write("b");
        });
        server.channel().pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                promised.add(!promise.isVoid());
                ctx.write(msg, promise);
            }
        });
        server.send(get("/"));
        int plain = promised.size();
        assertTrue(plain > 0);
        assertFalse(promised.contains(true), "plain writes go out with the void promise: " + promised);

        response.write(Unpooled.copiedBuffer("c", StandardCharsets.US_ASCII), failure -> { });
        assertEquals(List.of(true), promised.subList(plain, promised.size()).stream().distinct().toList(),
                "the observed write carries a promise");
        response.end();
        assertEquals("abc", responses(server.output()).get(0).body());
        server.finish();
    }
}
