package dev.h1.server.connection;

import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that shuts down its output (a half-close, heard as {@link ChannelInputShutdownEvent} where the channel
 * allows half-closure, as the installer sets it): as Node's server does by default, responses already ended are still
 * written in full, then the connection closes; a request not answered yet, and any pipelined behind it, are dropped.
 */
class HalfCloseTest {

    private static void clientHalfCloses(EmbeddedServer server) {
        server.channel().pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        server.channel().runPendingTasks();
    }

    @Test
    void anIdleConnectionClosesWhenTheClientHalfCloses() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end("ok"));
        server.send(get("/"));
        assertEquals(1, responses(server.output()).size());
        assertNull(server.closeReason());

        clientHalfCloses(server);

        assertEquals(CloseReason.CLIENT_CLOSED, server.closeReason());
    }

    /** The case a transport without half-closure could lose: the response still on its way when the FIN comes. */
    @Test
    void aResponseStillBeingWrittenIsWrittenInFullBeforeTheClose() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end("x".repeat(100_000)));
        server.valve();
        server.send(get("/"));
        clientHalfCloses(server);
        assertNull(server.closeReason(), "the response is not written yet");

        server.valve().open();

        String output = server.output();
        assertEquals(1, responses(output).size());
        assertTrue(output.endsWith("x".repeat(100)));
        assertEquals(CloseReason.CLIENT_CLOSED, server.closeReason());
    }

    @Test
    void aRequestNotAnsweredYetIsAbortedAndPipelinedOnesAreDropped() {
        List<String> handled = new ArrayList<>();
        List<ServerResponse> pending = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            handled.add(req.path());
            pending.add(res); // answered later, if ever
        });
        server.send(get("/1") + get("/2"));
        clientHalfCloses(server);

        assertEquals(CloseReason.CLIENT_ABORTED, server.closeReason());
        assertEquals(List.of("/1"), handled, "the pipelined request is dropped");
        assertTrue(pending.get(0).isAborted());
        assertEquals("", server.output());
    }

    /** Both requests came in the read before the FIN and were answered at once: both answers go out in full. */
    @Test
    void requestsAnsweredBeforeTheHalfCloseAreAllWritten() {
        List<String> handled = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            handled.add(req.path());
            res.end(req.path());
        });
        server.valve();
        server.send(get("/1") + get("/2"));
        clientHalfCloses(server);
        server.valve().open();

        assertEquals(List.of("/1", "/2"), handled);
        assertEquals(2, responses(server.output()).size());
        assertEquals(CloseReason.CLIENT_CLOSED, server.closeReason());
    }
}
