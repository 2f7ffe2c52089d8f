package dev.h1.server.connection;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.pipeline.HttpServerInitializer;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Valve;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateHandler;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.assertErrorAnswer;
import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The four timeouts, driven by the channel's frozen clock: headers and request deadlines (slowloris defence), the
 * keep-alive timeout between requests, and the idle timeout with and without a {@link
 * dev.h1.server.api.TimeoutHandler}. Zero disables each.
 */
class TimeoutsTest {

    // ---- headers timeout ----

    @Test
    void aHeadNotCompleteAtTheHeadersDeadlineIsAnswered408AndClosed() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());

        server.send("GET / HTTP/1.1\r\nHost: x\r\n");
        server.advanceSeconds(59);
        assertEquals("", server.output());
        assertTrue(server.isOpen());
        server.advanceSeconds(1);

        assertErrorAnswer(408, server.output());
        assertFalse(server.isOpen());
        assertEquals(CloseReason.HEADERS_TIMEOUT, server.closeReason());
        assertEquals(List.of("open", "close HEADERS_TIMEOUT"), server.events());
        server.finish();
    }

    /**
     * The deadlines read the clock once per read batch; a batch whose end is never announced (bytes fired without
     * channelReadComplete, as {@code writeOneInbound} does) must not leave them on a stale time.
     */
    @Test
    void aReadBatchWithoutItsEndStillTimesTheHeadersDeadline() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());
        server.send(get("/"));
        assertEquals(1, responses(server.output()).size());

        server.advanceSeconds(3);
        server.channel().writeOneInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n",
                StandardCharsets.ISO_8859_1));
        server.advanceSeconds(59);
        assertTrue(server.isOpen());
        server.advanceSeconds(1);

        assertErrorAnswer(408, server.output());
        assertEquals(CloseReason.HEADERS_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void aNewConnectionThatSendsNothingIsCutAtTheHeadersDeadline() {
        EmbeddedServer server = EmbeddedServer.start(config().headersTimeout(Duration.ofSeconds(10)),
                (req, res) -> res.end());

        server.advanceSeconds(10);

        assertErrorAnswer(408, server.output());
        assertEquals(CloseReason.HEADERS_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void aSlowlorisThatTricklesBytesIsStillCutAtTheDeadline() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());
        String head = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";

        for (int second = 0; second < 60; second += 5) {
            server.send(head.substring(second / 5, second / 5 + 1));
            server.advanceSeconds(5);
        }

        assertErrorAnswer(408, server.output());
        assertEquals(CloseReason.HEADERS_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void onAKeptAliveConnectionTheHeadersDeadlineStartsWithTheNextRequestsFirstByte() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());
        server.send(get("/"));
        assertEquals(1, responses(server.output()).size());

        server.advanceSeconds(3);
        server.send("G");
        server.advanceSeconds(59);
        server.send("ET / HT");
        assertTrue(server.isOpen(), "59 s after the first byte");
        server.advanceSeconds(1);

        assertErrorAnswer(408, server.output());
        assertEquals(CloseReason.HEADERS_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void aHeadThatArrivesInTimeStopsTheHeadersDeadline() {
        ServerResponse[] pending = new ServerResponse[1];
        EmbeddedServer server = EmbeddedServer.start(config().requestTimeout(Duration.ZERO),
                (req, res) -> pending[0] = res);

        server.send("GET / HTTP/1.1\r\n");
        server.advanceSeconds(59);
        server.send("Host: x\r\n\r\n");
        server.advanceSeconds(3600);

        assertTrue(server.isOpen(), "the application may take its time once the head is in");
        pending[0].end();
        assertEquals(1, responses(server.output()).size());
        server.finish();
    }

    @Test
    void aZeroHeadersTimeoutLeavesTheSlowHeadToTheRequestTimeout() {
        EmbeddedServer server = EmbeddedServer.start(config().headersTimeout(Duration.ZERO),
                (req, res) -> res.end());

        server.send("GET / HTTP/1.1\r\n");
        server.advanceSeconds(299);
        assertTrue(server.isOpen());
        server.advanceSeconds(1);

        assertErrorAnswer(408, server.output());
        assertEquals(CloseReason.REQUEST_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void withHeadersAndRequestTimeoutsOffASlowHeadWaitsForever() {
        EmbeddedServer server = EmbeddedServer.start(
                config().headersTimeout(Duration.ZERO).requestTimeout(Duration.ZERO), (req, res) -> res.end());

        server.send("GET / HTTP/1.1\r\n");
        server.advance(Duration.ofDays(1));

        assertTrue(server.isOpen());
        server.send("Host: x\r\n\r\n");
        assertEquals(1, responses(server.output()).size());
        server.finish();
    }

    // ---- request timeout ----

    @Test
    void aBodyNotCompleteAtTheRequestDeadlineIsAnswered408AndClosed() {
        List<String> events = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> req.body(new BodyListener() {
            @Override
            public void onData(ByteBuf data) {
                events.add("data " + data.readableBytes());
            }

            @Override
            public void onError(Throwable cause) {
                events.add("error");
            }
        }));

        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
        server.advanceSeconds(299);
        assertEquals("", server.output());
        assertTrue(server.isOpen());
        server.advanceSeconds(1);

        assertErrorAnswer(408, server.output());
        assertEquals(List.of("data 5", "error"), events);
        assertEquals(CloseReason.REQUEST_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void theRequestDeadlineRunsFromTheRequestsFirstByteNotFromItsHead() {
        EmbeddedServer server = EmbeddedServer.start(config().requestTimeout(Duration.ofSeconds(100)),
                (req, res) -> req.body(data -> { }));

        server.send("POST / HTTP/1.1\r\n");
        server.advanceSeconds(50);
        server.send("Host: x\r\nContent-Length: 10\r\n\r\n0123");
        server.advanceSeconds(49);
        server.send("45");
        assertTrue(server.isOpen());
        server.advanceSeconds(1);

        assertErrorAnswer(408, server.output());
        assertEquals(CloseReason.REQUEST_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void aRequestTimeoutAfterTheResponseHeadWasSentClosesWithoutA408() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.writeHead(200);
            res.write("streaming");
        });

        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
        assertEquals(head("HTTP/1.1 200 OK", KEEP_ALIVE, "Transfer-Encoding: chunked") + "9\r\nstreaming\r\n",
                server.output());
        server.advanceSeconds(300);

        assertEquals("", server.output(), "no second head after the first");
        assertEquals(CloseReason.REQUEST_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void aCompleteRequestIsNotCutByTheRequestTimeoutWhileTheApplicationWorks() {
        ServerResponse[] pending = new ServerResponse[1];
        EmbeddedServer server = EmbeddedServer.start((req, res) -> pending[0] = res);

        server.send(EmbeddedServer.post("/", "0123456789"));
        server.advanceSeconds(1000);

        assertTrue(server.isOpen());
        pending[0].end();
        assertEquals(1, responses(server.output()).size());
        server.finish();
    }

    @Test
    void aZeroRequestTimeoutLetsABodyTakeForever() {
        EmbeddedServer server = EmbeddedServer.start(config().requestTimeout(Duration.ZERO),
                (req, res) -> req.body(data -> { }));

        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
        server.advance(Duration.ofDays(1));

        assertTrue(server.isOpen());
        assertEquals("", server.output());
        server.finish();
    }

    // ---- keep-alive timeout ----

    @Test
    void anIdleKeptAliveConnectionIsClosedSilentlyAtTheKeepAliveTimeout() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());
        server.send(get("/"));
        assertEquals(1, responses(server.output()).size());

        server.advance(Duration.ofMillis(4999));
        assertTrue(server.isOpen(), "not before the timeout");
        server.advance(Duration.ofMillis(1));

        assertEquals("", server.output(), "closed without an answer");
        assertFalse(server.isOpen());
        assertEquals(CloseReason.KEEP_ALIVE_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void aNextRequestStartedInTheSameReadGetsTheHeadersDeadlineNotTheKeepAliveTimeout() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());
        server.send(get("/a") + "GET /b HT"); // the next request's first bytes came with the first one
        assertEquals(1, responses(server.output()).size());

        server.advanceSeconds(5);
        assertTrue(server.isOpen(), "a request has started: the keep-alive timeout does not apply");
        server.advanceSeconds(55);

        assertErrorAnswer(408, server.output());
        assertEquals(CloseReason.HEADERS_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void theKeepAliveTimeoutStartsWhenTheResponseEnds() {
        EmbeddedServer server = EmbeddedServer.start((req, res) ->
                req.channel().eventLoop().schedule(() -> res.end(), 10, TimeUnit.SECONDS));
        server.send(get("/"));

        server.advanceSeconds(10);
        assertEquals(1, responses(server.output()).size());
        server.advanceSeconds(4);
        assertTrue(server.isOpen());
        server.advanceSeconds(1);

        assertEquals(CloseReason.KEEP_ALIVE_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void theKeepAliveTimeoutStartsWhenTheLastByteIsWrittenNotWhenTheResponseEnds() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end("hi"));
        Valve valve = server.valve();
        server.send(get("/"));

        server.advanceSeconds(30); // six keep-alive timeouts: the answer has ended but waits in the outbound buffer
        assertTrue(server.isOpen(), "a response still being written is not idle time");
        assertEquals("", server.output());

        valve.open();
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", KEEP_ALIVE) + "hi", server.output());
        server.advance(Duration.ofMillis(4999));
        assertTrue(server.isOpen(), "the keep-alive timeout runs from the moment the last byte was written");
        server.advance(Duration.ofMillis(1));

        assertFalse(server.isOpen());
        assertEquals(CloseReason.KEEP_ALIVE_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void theFirstByteOfTheNextRequestStopsTheKeepAliveTimeout() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());
        server.send(get("/"));
        server.advanceSeconds(4);

        server.send("GET /next HT");
        server.advanceSeconds(30);
        assertTrue(server.isOpen());
        server.send("TP/1.1\r\nHost: x\r\n\r\n");

        assertEquals(2, responses(server.output()).size());
        assertTrue(server.isOpen());
        server.finish();
    }

    /**
     * The deadlines of a connection share one scheduled check (Deadlines): a deadline that moves later schedules
     * nothing, and the check, when it comes early, re-arms for what is left. 1000 keep-alive requests 10 ms apart
     * therefore wake the scheduler once per keep-alive period they span, not once or more per request, as timers
     * that pile up would (each would come due at its own instant).
     */
    @Test
    void requestAfterRequestWakesTheSchedulerAboutOncePerKeepAlivePeriodNotOncePerRequest() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());
        int wakeUps = 0;

        for (int i = 0; i < 1000; i++) {
            server.send(get("/"));
            assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), server.output());
            wakeUps += advanceCountingWakeUps(server, Duration.ofMillis(10));
        }
        wakeUps += advanceCountingWakeUps(server, Duration.ofSeconds(10));

        assertEquals(CloseReason.KEEP_ALIVE_TIMEOUT, server.closeReason());
        // 15 s of life, 10 s of requests and the 5 s keep-alive timeout: a wake-up per period at most, and the close.
        assertTrue(wakeUps <= 15 / 5 + 1, "the scheduler woke " + wakeUps + " times for 1000 requests");
        server.finish();
    }

    /**
     * Moves the clock by {@code time} from one scheduled task to the next, running each as it comes due; returns at how
     * many instants tasks ran. EmbeddedChannel's runScheduledPendingTasks() says how long until the next task is due.
     */
    private static int advanceCountingWakeUps(EmbeddedServer server, Duration time) {
        EmbeddedChannel channel = server.channel();
        long left = time.toNanos();
        int wakeUps = 0;
        for (long next = channel.runScheduledPendingTasks(); next >= 0 && next <= left;
                next = channel.runScheduledPendingTasks()) {
            channel.advanceTimeBy(next, TimeUnit.NANOSECONDS);
            left -= next;
            wakeUps++;
            assertTrue(wakeUps < 100_000, "a task keeps coming due at once");
        }
        server.advance(Duration.ofNanos(left));
        return wakeUps;
    }

    @Test
    void aZeroKeepAliveTimeoutKeepsAnIdleConnectionOpen() {
        EmbeddedServer server = EmbeddedServer.start(config().keepAliveTimeout(Duration.ZERO),
                (req, res) -> res.end());
        server.send(get("/"));

        server.advance(Duration.ofDays(1));

        assertTrue(server.isOpen());
        assertEquals(1, responses(server.output()).size());
        server.finish();
    }

    @Test
    void theKeepAliveTimeoutDoesNotRunWhileResponsesAreOutstanding() {
        ServerResponse[] pending = new ServerResponse[1];
        EmbeddedServer server = EmbeddedServer.start((req, res) -> pending[0] = res);
        server.send(get("/"));

        server.advanceSeconds(60);

        assertTrue(server.isOpen());
        pending[0].end();
        assertEquals(1, responses(server.output()).size());
        server.finish();
    }

    // ---- idle timeout ----

    @Test
    void withoutATimeoutHandlerTheIdleTimeoutClosesTheConnection() {
        EmbeddedServer server = EmbeddedServer.start(idleOnly(Duration.ofSeconds(10)), (req, res) -> res.end());
        assertInstanceOf(IdleStateHandler.class, server.channel().pipeline().get(HttpServerInitializer.IDLE));

        server.advanceSeconds(6);
        server.send(get("/"));
        assertEquals(1, responses(server.output()).size());
        server.advanceSeconds(9);
        assertTrue(server.isOpen(), "traffic 9 s ago");
        server.advanceSeconds(1);

        assertEquals("", server.output());
        assertFalse(server.isOpen());
        assertEquals(CloseReason.IDLE_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void theIdleTimeoutAlsoCutsAnExchangeThatStalls() {
        EmbeddedServer server = EmbeddedServer.start(idleOnly(Duration.ofSeconds(10)), (req, res) -> {
            res.writeHead(200);
            res.write("started");
        });
        server.send(get("/"));
        assertEquals(head("HTTP/1.1 200 OK", "Transfer-Encoding: chunked") + "7\r\nstarted\r\n", server.output());

        server.advanceSeconds(10);

        assertEquals("", server.output(), "closed without a word");
        assertEquals(CloseReason.IDLE_TIMEOUT, server.closeReason());
        server.finish();
    }

    @Test
    void withATimeoutHandlerTheIdleTimeoutNotifiesItAndTheConnectionStays() {
        List<HttpConnection> notified = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start(idleOnly(Duration.ofSeconds(10)).timeoutHandler(notified::add),
                (req, res) -> res.end());

        server.advanceSeconds(10);

        assertEquals(List.of(server.connection()), notified);
        assertTrue(server.isOpen());
        assertNull(server.closeReason());
        server.send(get("/"));
        assertEquals(1, responses(server.output()).size(), "the connection still serves");
        server.finish();
    }

    @Test
    void aTimeoutHandlerThatClosesTheConnectionClosesItAsTheApplication() {
        EmbeddedServer server = EmbeddedServer.start(
                idleOnly(Duration.ofSeconds(10)).timeoutHandler(HttpConnection::close), (req, res) -> res.end());

        server.advanceSeconds(10);

        assertEquals(CloseReason.APPLICATION_CLOSED, server.closeReason());
        server.finish();
    }

    @Test
    void aZeroIdleTimeoutInstallsNoIdleHandler() {
        EmbeddedServer server = EmbeddedServer.start(idleOnly(Duration.ZERO), (req, res) -> res.end());

        server.advance(Duration.ofDays(1));

        assertNull(server.channel().pipeline().get(HttpServerInitializer.IDLE));
        assertTrue(server.isOpen());
        server.finish();
    }

    /** Only the idle timeout runs, so that it is what a test observes. */
    private static ConnectionConfig.Builder idleOnly(Duration idle) {
        return config().idleTimeout(idle).headersTimeout(Duration.ZERO).requestTimeout(Duration.ZERO)
                .keepAliveTimeout(Duration.ZERO);
    }
}
