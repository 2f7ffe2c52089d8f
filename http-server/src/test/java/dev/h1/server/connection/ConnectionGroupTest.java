package dev.h1.server.connection;

import dev.h1.server.api.CloseReason;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.pipeline.ConnectionGroup;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.List;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server's live connections: graceful shutdown closes idle connections at once and lets busy ones finish their
 * exchange, whose response says {@code Connection: close}; {@code closeIdle} and {@code closeAll} for the server's
 * {@code closeIdleConnections()} / {@code closeAllConnections()}.
 */
class ConnectionGroupTest {

    private final ConnectionGroup group = new ConnectionGroup();
    private final ArrayDeque<ServerResponse> pending = new ArrayDeque<>();
    private final RequestHandler deferred = (req, res) -> pending.add(res);

    private EmbeddedServer idleConnection() {
        EmbeddedServer server = EmbeddedServer.start(config(), (req, res) -> res.end(), group);
        server.send(get("/"));
        assertEquals(1, responses(server.output()).size());
        return server;
    }

    private EmbeddedServer busyConnection() {
        EmbeddedServer server = EmbeddedServer.start(config(), deferred, group);
        server.send(get("/busy"));
        return server;
    }

    @Test
    void connectionsJoinWhenOpenAndLeaveWhenClosed() {
        EmbeddedServer first = idleConnection();
        EmbeddedServer second = idleConnection();
        assertEquals(2, group.size());

        first.clientCloses();

        assertEquals(1, group.size());
        first.finish();
        second.finish();
        assertEquals(0, group.size());
    }

    @Test
    void shutdownClosesIdleConnectionsAtOnce() {
        EmbeddedServer idle = idleConnection();

        group.shutdown();

        assertFalse(idle.isOpen());
        assertEquals(CloseReason.SERVER_SHUTDOWN, idle.closeReason());
        assertEquals("", idle.output(), "closed without a word");
        assertTrue(group.whenAllClosed().toCompletableFuture().isDone());
        idle.finish();
    }

    @Test
    void shutdownLetsABusyConnectionFinishWithConnectionClose() {
        EmbeddedServer idle = idleConnection();
        EmbeddedServer busy = busyConnection();

        group.shutdown();

        assertFalse(idle.isOpen());
        assertTrue(busy.isOpen(), "the exchange in progress may finish");
        assertFalse(group.whenAllClosed().toCompletableFuture().isDone());
        pending.poll().end("done");

        Response response = responses(busy.output()).get(0);
        assertEquals("done", response.body());
        assertEquals("close", response.field("Connection"));
        assertNull(response.field("Keep-Alive"));
        assertFalse(busy.isOpen());
        assertEquals(CloseReason.SERVER_SHUTDOWN, busy.closeReason());
        assertTrue(group.whenAllClosed().toCompletableFuture().isDone());
        idle.finish();
        busy.finish();
    }

    @Test
    void shutdownAnswersNoPipelinedRequestBehindTheBusyOne() {
        EmbeddedServer busy = EmbeddedServer.start(config(), deferred, group);
        busy.send(get("/busy") + get("/behind"));

        group.shutdown();
        pending.poll().end("done");

        List<Response> answered = responses(busy.output());
        assertEquals(1, answered.size());
        assertEquals("close", answered.get(0).field("Connection"));
        assertTrue(pending.isEmpty(), "/behind never reached the application");
        assertEquals(CloseReason.SERVER_SHUTDOWN, busy.closeReason());
        busy.finish();
    }

    @Test
    void aConnectionThatOpensDuringShutdownIsClosedAtOnce() {
        group.shutdown();

        EmbeddedServer late = EmbeddedServer.start(config(), (req, res) -> res.end(), group);

        assertFalse(late.isOpen());
        assertEquals(CloseReason.SERVER_SHUTDOWN, late.closeReason());
        late.finish();
    }

    @Test
    void shutdownOfAnEmptyGroupIsAtOnceComplete() {
        group.shutdown();

        assertTrue(group.isShuttingDown());
        assertTrue(group.whenAllClosed().toCompletableFuture().isDone());
    }

    @Test
    void closeIdleClosesOnlyConnectionsWithoutAnExchange() {
        EmbeddedServer idle = idleConnection();
        EmbeddedServer busy = busyConnection();

        group.closeIdle();

        assertEquals(CloseReason.APPLICATION_CLOSED, idle.closeReason());
        assertTrue(busy.isOpen());
        pending.poll().end();
        Response response = responses(busy.output()).get(0);
        assertNull(response.field("Connection"), "closeIdle does not end keep-alive for busy connections");
        assertTrue(busy.isOpen());
        idle.finish();
        busy.finish();
    }

    // ---- a response that has ended but is not written yet: the exchange is still under way ----

    /** A connection that got {@code GET /} from a client that reads nothing for now: its valve is shut. */
    private EmbeddedServer connectionToAClientNotReading(RequestHandler handler) {
        EmbeddedServer server = EmbeddedServer.start(config(), handler, group);
        server.valve();
        server.send(get("/"));
        return server;
    }

    private void assertClosedByTheShutdown(EmbeddedServer server) {
        assertFalse(server.isOpen());
        assertEquals(CloseReason.SERVER_SHUTDOWN, server.closeReason());
        assertTrue(group.whenAllClosed().toCompletableFuture().isDone());
        server.finish();
    }

    @Test
    void closeIdleLeavesAConnectionWhoseEndedResponseIsNotWrittenYet() {
        EmbeddedServer server = connectionToAClientNotReading((req, res) -> res.end("done"));

        group.closeIdle();
        assertTrue(server.isOpen(), "its last byte is not written: the connection is not idle");

        server.valve().open();
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", KEEP_ALIVE) + "done", server.output());
        assertTrue(server.isOpen());
        group.closeIdle();
        assertEquals(CloseReason.APPLICATION_CLOSED, server.closeReason());
        server.finish();
    }

    @Test
    void shutdownClosesAConnectionWhoseEndedResponseIsNotWrittenYetOnceItIsWritten() {
        EmbeddedServer server = connectionToAClientNotReading((req, res) -> res.end("done"));

        group.shutdown();
        assertTrue(server.isOpen(), "the exchange is under way until its last byte is written");
        assertFalse(group.whenAllClosed().toCompletableFuture().isDone());

        server.valve().open();
        // It ended before the shutdown began, so its head, written then, says keep-alive.
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", KEEP_ALIVE) + "done", server.output());
        assertClosedByTheShutdown(server);
    }

    @Test
    void shutdownSaysCloseOnAResponseNotYetBegunAndClosesOnlyOnceItIsWritten() {
        EmbeddedServer server = connectionToAClientNotReading(deferred);

        group.shutdown();
        pending.poll().end("done");
        assertTrue(server.isOpen(), "ended, but not written yet");
        assertFalse(group.whenAllClosed().toCompletableFuture().isDone());

        server.valve().open();
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", "Connection: close") + "done", server.output());
        assertClosedByTheShutdown(server);
    }

    // ---- a request whose head is arriving: it is being read, so the connection is not idle ----

    @Test
    void closeIdleLeavesAConnectionWhoseNextRequestIsArriving() {
        EmbeddedServer server = EmbeddedServer.start(config(), (req, res) -> res.end(req.url()), group);
        server.send(get("/first"));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 6", KEEP_ALIVE) + "/first", server.output());
        server.send("GET /next HTTP/1.1\r\n");

        group.closeIdle();

        assertTrue(server.isOpen(), "a request is being read");
        server.send("Host: x\r\n\r\n");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE) + "/next", server.output());
        assertNull(server.closeReason());
        server.finish();
    }

    @Test
    void shutdownLetsARequestWhoseHeadIsArrivingFinishWithConnectionClose() {
        EmbeddedServer server = EmbeddedServer.start(config(), (req, res) -> res.end("done"), group);
        server.send("GET / HTTP/1.1\r\n");

        group.shutdown();

        assertTrue(server.isOpen(), "a request is being read: its exchange is under way");
        server.send("Host: x\r\n\r\n");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", "Connection: close") + "done", server.output());
        assertClosedByTheShutdown(server);
    }

    @Test
    void closeAllClosesEveryConnectionAndAbortsTheExchanges() {
        EmbeddedServer idle = idleConnection();
        EmbeddedServer busy = busyConnection();
        ServerResponse response = pending.peek();

        group.closeAll(CloseReason.SERVER_SHUTDOWN);

        assertEquals(CloseReason.SERVER_SHUTDOWN, idle.closeReason());
        assertEquals(CloseReason.SERVER_SHUTDOWN, busy.closeReason());
        assertTrue(response.isAborted());
        assertEquals(0, group.size());
        idle.finish();
        busy.finish();
    }
}
