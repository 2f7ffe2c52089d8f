package dev.h1.server.exchange;

import dev.h1.server.api.CloseReason;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.LocalServer;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.BlockingOperationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.failure;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static dev.h1.server.testing.EmbeddedServer.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise a response's end is written with is a whole {@code ChannelPromise} to the handlers between the encoder
 * and the transport (TLS, logging, an application's own): they may listen to it, wait for it and complete it, and the
 * exchange still learns how its end went, first.
 */
class EndPromiseTest {

    /**
     * An outbound handler next to the transport that keeps the promise of each write that has one (the end's) and,
     * unless told to fail them, lets the write through with it.
     */
    private static final class Promises extends ChannelOutboundHandlerAdapter {
        final List<ChannelPromise> seen = new ArrayList<>();
        Throwable failWith;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (promise.isVoid()) {
                ctx.write(msg, promise);
                return;
            }
            seen.add(promise);
            if (failWith == null) {
                ctx.write(msg, promise);
            } else {
                ReferenceCountUtil.release(msg);
                promise.tryFailure(failWith); // as a transport whose write failed
            }
        }
    }

    private static EmbeddedServer serve(Promises promises, List<CompletionStage<Void>> ends) {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> ends.add(res.end("ok")));
        server.channel().pipeline().addFirst(promises);
        return server;
    }

    @Test
    void aHandlerNearTheTransportHearsTheEndsWriteAfterTheExchange() {
        Promises promises = new Promises();
        List<CompletionStage<Void>> ends = new ArrayList<>();
        List<String> heard = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> ends.add(res.end("ok")));
        server.channel().pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (!promise.isVoid()) {
                    promise.addListener(f -> heard.add(f.isSuccess() + ", response finished first: "
                            + succeeded(ends.get(0))));
                }
                ctx.write(msg, promise);
            }
        });
        server.channel().pipeline().addFirst(promises);

        server.send(get("/"));

        assertEquals(1, responses(server.output()).size());
        assertEquals(List.of("true, response finished first: true"), heard);
        ChannelPromise end = promises.seen.get(0);
        assertTrue(end.isDone());
        assertTrue(end.isSuccess());
        assertNull(end.cause());
        assertFalse(end.trySuccess(), "completes once");
        assertThrows(IllegalStateException.class, end::setSuccess);
        assertNull(server.closeReason());
    }

    @Test
    void aWriteThatFailsAbortsTheResponseAndItsListenersHearTheCause() {
        Promises promises = new Promises();
        promises.failWith = new IOException("connection reset by peer");
        List<CompletionStage<Void>> ends = new ArrayList<>();
        EmbeddedServer server = serve(promises, ends);

        server.send(get("/"));

        ChannelPromise end = promises.seen.get(0);
        assertFalse(end.isSuccess());
        assertSame(promises.failWith, end.cause());
        assertInstanceOf(IllegalStateException.class, failure(ends.get(0)), "the response was aborted");
        assertEquals(CloseReason.CLIENT_ABORTED, server.closeReason());
        List<Throwable> heard = new ArrayList<>();
        end.addListener(f -> heard.add(f.cause()));
        assertEquals(List.of(promises.failWith), heard, "a listener added once it is done hears at once");
    }

    /** Serves one request whose end's write is held next to the transport: neither written nor completed. */
    private static ChannelPromise heldEnd(List<CompletionStage<Void>> ends) {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> ends.add(res.end("ok")));
        ChannelPromise[] held = new ChannelPromise[1];
        server.channel().pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (promise.isVoid()) {
                    ctx.write(msg, promise);
                    return;
                }
                held[0] = promise;
                ReferenceCountUtil.release(msg);
            }
        });
        server.send(get("/"));
        return held[0];
    }

    @Test
    void itIsNeitherVoidNorCancellableAndCannotBeAwaitedOnItsEventLoop() throws InterruptedException {
        List<CompletionStage<Void>> ends = new ArrayList<>();
        ChannelPromise end = heldEnd(ends);

        assertFalse(end.isDone());
        assertFalse(end.isVoid());
        assertSame(end, end.unvoid());
        assertTrue(end.channel().isActive());
        assertFalse(end.isCancellable());
        assertFalse(end.cancel(true));
        assertFalse(end.isCancelled());
        assertTrue(end.setUncancellable());
        assertThrows(BlockingOperationException.class, end::await, "it completes on the very thread that waits");
        assertThrows(BlockingOperationException.class, end::syncUninterruptibly);
        assertFalse(end.await(0, TimeUnit.SECONDS), "a time limit of zero or less does not wait, as Netty's");
        assertFalse(end.awaitUninterruptibly(-1));
        assertFalse(ends.get(0).toCompletableFuture().isDone(), "the response is not finished");

        List<String> heard = new ArrayList<>();
        ChannelFutureListener removed = f -> heard.add("removed");
        end.addListeners(f -> heard.add("first"), removed, f -> heard.add("third"));
        end.removeListener(removed);
        end.setSuccess();

        assertEquals(List.of("first", "third"), heard, "in the order added");
        assertTrue(succeeded(ends.get(0)), "the exchange heard of it");
        assertThrows(IllegalStateException.class, () -> end.setFailure(new IOException("late")));
    }

    /**
     * An outbound handler next to the transport that lets every write's bytes through and hands the promise of the
     * one that has one (the end's) to {@code held}, not completed.
     */
    private static ChannelOutboundHandlerAdapter holding(CompletableFuture<ChannelPromise> held) {
        return new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (promise.isVoid()) {
                    ctx.write(msg, promise);
                } else {
                    ctx.write(msg, ctx.voidPromise()); // the bytes go; the end's promise waits here
                    held.complete(promise);
                }
            }
        };
    }

    /**
     * Listeners added from several threads, and threads waiting, while another completes the promise: each listener
     * is told exactly once and every waiter returns, whichever side comes first.
     */
    @Test
    void listenersAddedAndWaitersWhileItCompletesAreEachToldOnce() throws Exception {
        int adders = 4;
        int perAdder = 500;
        int waiters = 2;
        CompletableFuture<ChannelPromise> held = new CompletableFuture<>();
        try (LocalServer local = new LocalServer()) {
            local.exchange(config().build(), (req, res) -> res.end("ok"), get("/", "Connection: close"),
                    holding(held));
            ChannelPromise end = held.get(5, TimeUnit.SECONDS);
            AtomicIntegerArray told = new AtomicIntegerArray(adders * perAdder);
            CountDownLatch allTold = new CountDownLatch(adders * perAdder);
            List<Boolean> waited = new CopyOnWriteArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int a = 0; a < adders; a++) {
                int first = a * perAdder;
                threads.add(new Thread(() -> {
                    awaitQuietly(start);
                    for (int i = first; i < first + perAdder; i++) {
                        int index = i;
                        end.addListener(f -> {
                            told.incrementAndGet(index);
                            allTold.countDown();
                        });
                    }
                }, "adder-" + a));
            }
            for (int w = 0; w < waiters; w++) {
                threads.add(new Thread(() -> {
                    awaitQuietly(start);
                    waited.add(end.awaitUninterruptibly(10, TimeUnit.SECONDS));
                }, "waiter-" + w));
            }
            threads.add(new Thread(() -> {
                awaitQuietly(start);
                end.trySuccess();
            }, "completer"));
            threads.forEach(Thread::start);
            start.countDown();
            for (Thread thread : threads) {
                thread.join(10_000);
                assertFalse(thread.isAlive(), thread.getName() + " is stuck");
            }

            assertTrue(allTold.await(10, TimeUnit.SECONDS), "listeners not told: " + allTold.getCount());
            for (int i = 0; i < told.length(); i++) {
                assertEquals(1, told.get(i), "listener " + i);
            }
            assertEquals(List.of(true, true), waited);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void completedOnAnotherThreadTheExchangeAndTheListenersHearOnTheEventLoop() throws Exception {
        CompletableFuture<ChannelPromise> held = new CompletableFuture<>();
        CompletableFuture<CompletionStage<Void>> end = new CompletableFuture<>();
        try (LocalServer local = new LocalServer()) {
            CompletableFuture<String> received = local.exchange(config().build(),
                    (req, res) -> end.complete(res.end("ok")), get("/", "Connection: close"), holding(held));
            ChannelPromise promise = held.get(5, TimeUnit.SECONDS);
            assertFalse(promise.await(1, TimeUnit.MILLISECONDS), "still pending");
            CountDownLatch listened = new CountDownLatch(1);
            boolean[] onLoop = new boolean[1];
            promise.addListener(f -> {
                onLoop[0] = promise.channel().eventLoop().inEventLoop();
                listened.countDown();
            });

            Thread completer = new Thread(promise::trySuccess, "completer");
            completer.start();
            // A thread other than the event loop may wait (bounded here, so that a promise never told fails the test).
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> promise.sync());
            completer.join(5_000);

            assertTrue(listened.await(5, TimeUnit.SECONDS));
            assertTrue(onLoop[0], "the listener ran on the event loop");
            end.get(5, TimeUnit.SECONDS).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(1, responses(received.get(5, TimeUnit.SECONDS)).size(), "and the connection closed after");
        }
    }
}
