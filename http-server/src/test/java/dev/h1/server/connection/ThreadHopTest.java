package dev.h1.server.connection;

import dev.h1.codec.Headers;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.LocalServer;
import dev.h1.server.testing.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.refusalOf;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls from other threads are handed over to the connection's event loop and keep their order. An
 * {@code EmbeddedChannel} cannot show this (its event loop claims every thread as its own), so these tests run the
 * real pipeline on Netty's in-process local transport: a real event-loop thread, no sockets.
 */
class ThreadHopTest {

    private LocalServer local;
    private ExecutorService workers;

    @BeforeEach
    void startGroup() {
        local = new LocalServer();
        workers = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stopGroup() throws Exception {
        workers.shutdownNow();
        local.close();
    }

    /** Serves {@code handler} and sends {@code request}; completes with every byte received once the server closed. */
    private CompletableFuture<String> exchange(RequestHandler handler, String request) throws Exception {
        return local.exchange(config().build(), handler, request);
    }

    private static String chunk(String text) {
        return Integer.toHexString(text.length()) + "\r\n" + text + "\r\n";
    }

    @Test
    void writesAndEndFromAnotherThreadAreHandedToTheEventLoopInOrder() throws Exception {
        List<String> problems = new CopyOnWriteArrayList<>();
        CompletableFuture<String> received = exchange((req, res) -> {
            Thread writer = new Thread(() -> {
                if (req.channel().eventLoop().inEventLoop()) {
                    problems.add("the writer runs on the event loop");
                }
                res.setHeader("Content-Type", "text/plain");
                for (int i = 0; i < 300; i++) {
                    res.write(i + ",");
                }
                res.end("end").whenComplete((ok, failure) -> {
                    if (!req.channel().eventLoop().inEventLoop()) {
                        problems.add("completion ran off the event loop");
                    }
                });
            }, "writer");
            writer.start();
        }, get("/", "Connection: close"));

        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            body.append(chunk(i + ","));
        }
        assertEquals(head("HTTP/1.1 200 OK", "Content-Type: text/plain", "Connection: close",
                "Transfer-Encoding: chunked") + body + chunk("end") + "0\r\n\r\n", received.get(5, TimeUnit.SECONDS));
        assertEquals(List.of(), problems);
    }

    @Test
    void callsFromTheLoopAndFromAnExecutorKeepTheirOrder() throws Exception {
        CompletableFuture<String> received = exchange((req, res) -> {
            res.writeHead(200, new Headers().add("X-Step", "loop"));
            res.write("loop,");
            workers.execute(() -> {
                res.write("worker,");
                res.addTrailers(new Headers().add("X-Done", "yes"));
                res.end("last");
            });
        }, get("/", "Connection: close"));

        assertEquals(head("HTTP/1.1 200 OK", "X-Step: loop", "Connection: close", "Transfer-Encoding: chunked")
                + chunk("loop,") + chunk("worker,") + chunk("last") + "0\r\nX-Done: yes\r\n\r\n",
                received.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aResponseEndedWithDataFromAnotherThreadGetsContentLength() throws Exception {
        CompletableFuture<String> received = exchange((req, res) -> workers.execute(() -> {
            res.statusCode(201);
            res.end("made");
        }), "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");

        assertEquals(head("HTTP/1.1 201 Created", "Content-Length: 4", "Connection: close") + "made",
                received.get(5, TimeUnit.SECONDS));
    }

    @Test
    void bodyListenersRegisteredFromAnotherThreadRunOnTheEventLoop() throws Exception {
        List<String> problems = new CopyOnWriteArrayList<>();
        CompletableFuture<String> received = exchange((req, res) -> workers.execute(() -> req.body(
                new BodyListener() {
                    private final StringBuilder body = new StringBuilder();

                    @Override
                    public void onData(ByteBuf data) {
                        if (!req.channel().eventLoop().inEventLoop()) {
                            problems.add("onData off the event loop");
                        }
                        body.append(data.toString(StandardCharsets.US_ASCII));
                    }

                    @Override
                    public void onEnd(Headers trailers) {
                        if (!req.channel().eventLoop().inEventLoop()) {
                            problems.add("onEnd off the event loop");
                        }
                        res.end(body.toString().toUpperCase());
                    }
                })), "PUT / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello");

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", "Connection: close") + "HELLO",
                received.get(5, TimeUnit.SECONDS));
        assertEquals(List.of(), problems);
    }

    @Test
    void aSecondBodyConsumerFromAnotherThreadIsRefusedInThatThread() throws Exception {
        CompletableFuture<String> refusal = new CompletableFuture<>();
        CompletableFuture<String> received = exchange((req, res) -> workers.execute(() -> {
            req.bodyString(10, StandardCharsets.US_ASCII).thenAccept(res::end);
            try {
                req.body(data -> { });
                refusal.complete("accepted");
            } catch (IllegalStateException e) {
                refusal.complete(e.getMessage());
            }
        }), "PUT / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", "Connection: close") + "ok",
                received.get(5, TimeUnit.SECONDS));
        assertEquals("the request body already has a consumer", refusal.get(5, TimeUnit.SECONDS));
    }

    @Test
    void misuseFromAnotherThreadStillFailsLoudlyInTheCallingThread() throws Exception {
        CompletableFuture<List<String>> outcome = new CompletableFuture<>();
        CompletableFuture<String> received = exchange((req, res) -> workers.execute(() -> {
            res.writeHead(200, new Headers().add("Content-Length", "2"));
            List<String> errors = new CopyOnWriteArrayList<>();
            try {
                res.writeHead(500);
            } catch (IllegalStateException e) {
                errors.add(e.getMessage());
            }
            try {
                res.setHeader("Bad Name", "x");
            } catch (IllegalArgumentException e) {
                errors.add("refused name");
            }
            res.end("ok");
            try {
                res.write("late");
            } catch (IllegalStateException e) {
                errors.add(e.getMessage());
            }
            outcome.complete(errors);
        }), get("/", "Connection: close"));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", "Connection: close") + "ok",
                received.get(5, TimeUnit.SECONDS));
        List<String> errors = outcome.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("cannot writeHead: the response head was already sent", "refused name",
                "write after end"), errors);
    }

    @Test
    void setHeaderAfterEndOnAWorkerThreadFailsAtTheCall() throws Exception {
        CompletableFuture<String> refusal = new CompletableFuture<>();
        CompletableFuture<String> received = exchange((req, res) -> workers.execute(() -> {
            res.end("ok");
            refusal.complete(refusalOf(() -> res.setHeader("X-Late", "1")));
        }), get("/", "Connection: close"));

        assertEquals("cannot set header X-Late: the response head was already sent", refusal.get(5, TimeUnit.SECONDS));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", "Connection: close") + "ok",
                received.get(5, TimeUnit.SECONDS));
    }

    @Test
    void writeAfterEndOnAWorkerThreadFailsAtTheCallAndReleasesTheBuffer() throws Exception {
        ByteBuf late = Unpooled.copiedBuffer("late", StandardCharsets.US_ASCII);
        CompletableFuture<String> refusal = new CompletableFuture<>();
        CompletableFuture<String> received = exchange((req, res) -> workers.execute(() -> {
            res.end("ok");
            refusal.complete(refusalOf(() -> res.write(late)));
        }), get("/", "Connection: close"));

        assertEquals("write after end", refusal.get(5, TimeUnit.SECONDS));
        assertEquals(0, late.refCnt(), "write takes ownership (R6), also when it refuses");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", "Connection: close") + "ok",
                received.get(5, TimeUnit.SECONDS));
    }

    @Test
    void setHeaderThenEndOnAWorkerThreadAlwaysCarriesTheHeader() throws Exception {
        int count = 200;
        StringBuilder pipelined = new StringBuilder();
        for (int i = 0; i < count - 1; i++) {
            pipelined.append(get("/" + i));
        }
        pipelined.append(get("/" + (count - 1), "Connection: close"));
        CompletableFuture<String> received = exchange((req, res) -> workers.execute(() -> {
            res.setHeader("X-Worker", req.path().substring(1));
            res.end();
        }), pipelined.toString());

        List<Response> answered = responses(received.get(5, TimeUnit.SECONDS));
        assertEquals(count, answered.size());
        for (int i = 0; i < count; i++) {
            assertEquals(String.valueOf(i), answered.get(i).field("X-Worker"), "response " + i);
        }
    }

    /**
     * A header set on one thread while another ends the response is either sent or refused at the call, never accepted
     * and lost: the end moves the draft's phase in place, and a header change links a new draft only from the phase it
     * was made in, so one of the two compare-and-sets fails.
     */
    @Test
    void aHeaderRacingTheEndFromAnotherThreadIsEitherSentOrRefused() throws Exception {
        int count = 500;
        ExecutorService racer = Executors.newSingleThreadExecutor();
        try {
            StringBuilder pipelined = new StringBuilder();
            for (int i = 0; i < count - 1; i++) {
                pipelined.append(get("/" + i));
            }
            pipelined.append(get("/" + (count - 1), "Connection: close"));
            Map<String, Boolean> accepted = new ConcurrentHashMap<>();
            CountDownLatch decided = new CountDownLatch(count);
            CompletableFuture<String> received = exchange((req, res) -> {
                AtomicInteger ready = new AtomicInteger();
                racer.execute(() -> {
                    startTogether(ready);
                    String outcome = refusalOf(() -> res.setHeader("X-Race", "set"));
                    accepted.put(req.path().substring(1), outcome.equals("accepted"));
                    decided.countDown();
                });
                startTogether(ready);
                int lag = Integer.parseInt(req.path().substring(1)) % 10; // spreads the end across the header's call
                for (int spin = 0; spin < lag; spin++) {
                    Thread.onSpinWait();
                }
                res.end(); // on the event loop: moves the phase in place
            }, pipelined.toString());

            List<Response> answered = responses(received.get(20, TimeUnit.SECONDS));
            assertTrue(decided.await(5, TimeUnit.SECONDS));
            assertEquals(count, answered.size());
            for (int i = 0; i < count; i++) {
                boolean sent = "set".equals(answered.get(i).field("X-Race"));
                assertEquals(accepted.get(String.valueOf(i)), sent, "response " + i);
            }
        } finally {
            racer.shutdownNow();
        }
    }

    /** Spins until both racers arrived (or a bound passed), so that their calls overlap as closely as threads can. */
    private static void startTogether(AtomicInteger ready) {
        ready.incrementAndGet();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ready.get() < 2 && System.nanoTime() < giveUp) {
            Thread.onSpinWait();
        }
    }

    @Test
    void headersSentAndWritableEndedAreVisibleToTheCallingThreadAtOnce() throws Exception {
        CompletableFuture<boolean[]> seen = new CompletableFuture<>();
        CompletableFuture<String> received = exchange((req, res) -> workers.execute(() -> {
            ServerResponse response = res.writeHead(204);
            boolean sent = response.headersSent();
            response.end();
            seen.complete(new boolean[]{sent, response.writableEnded()});
        }), get("/", "Connection: close"));

        assertEquals(head("HTTP/1.1 204 No Content", "Connection: close"), received.get(5, TimeUnit.SECONDS));
        boolean[] flags = seen.get(5, TimeUnit.SECONDS);
        assertTrue(flags[0], "headersSent right after writeHead");
        assertTrue(flags[1], "writableEnded right after end");
    }
}
