package dev.h1.server.connection;

import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ConnectionListener;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection's notifications: one {@code onOpen}, one {@code onClose} with the reason, and the same reason on
 * {@link HttpConnection#closeFuture()}. The reasons of timeouts, parse errors, drains and aborts are asserted in
 * their own tests; here the rest.
 */
class CloseReasonTest {

    @Test
    void aConnectionIsOpenedOnceAndClosedOnceWithItsReason() {
        List<String> calls = new ArrayList<>();
        ConnectionListener listener = new ConnectionListener() {
            @Override
            public void onOpen(HttpConnection connection) {
                calls.add("open " + connection.requestCount());
            }

            @Override
            public void onClose(HttpConnection connection, CloseReason reason) {
                calls.add("close " + reason + " after " + connection.requestCount());
            }
        };
        EmbeddedServer server = EmbeddedServer.start(config().connectionListener(listener), (req, res) -> res.end());

        server.send(get("/") + get("/", "Connection: close"));
        assertEquals(2, responses(server.output()).size());
        server.finish();

        assertEquals(List.of("open 0", "close NOT_PERSISTENT after 2"), calls);
        assertEquals(CloseReason.NOT_PERSISTENT,
                server.connection().closeFuture().toCompletableFuture().getNow(null));
    }

    @Test
    void theApplicationClosingTheConnectionIsApplicationClosed() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());
        server.send(get("/"));
        assertEquals(1, responses(server.output()).size());

        server.connection().close();

        assertFalse(server.isOpen());
        assertEquals(CloseReason.APPLICATION_CLOSED, server.closeReason());
        server.finish();
    }

    @Test
    void theApplicationClosingTheConnectionMidExchangeIsStillApplicationClosed() {
        ServerResponse[] pending = new ServerResponse[1];
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            pending[0] = res;
            req.connection().close();
        });

        server.send(get("/"));

        assertTrue(pending[0].isAborted());
        assertEquals(CloseReason.APPLICATION_CLOSED, server.closeReason());
        server.finish();
    }

    @Test
    void theFirstReasonGivenIsTheOneReported() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.setHeader("Connection", "close");
            res.end();
            req.connection().close();
        });

        server.send(get("/"));

        assertEquals("close", responses(server.output()).get(0).field("Connection"));
        assertEquals(CloseReason.APPLICATION_CLOSED, server.closeReason());
        assertEquals(List.of("open", "close APPLICATION_CLOSED"), server.events());
        server.finish();
    }

    @Test
    void aConnectRequestWithoutAnUpgradeHandlerIsAnswered501AndClosed() {
        List<String> handled = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> handled.add(req.url()));

        server.send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");

        EmbeddedServer.assertErrorAnswer(501, server.output());
        assertEquals(List.of(), handled);
        assertEquals(CloseReason.NOT_PERSISTENT, server.closeReason());
        server.finish();
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheConnection() {
        ConnectionListener throwing = new ConnectionListener() {
            @Override
            public void onOpen(HttpConnection connection) {
                throw new IllegalStateException("open failed");
            }

            @Override
            public void onClose(HttpConnection connection, CloseReason reason) {
                throw new IllegalStateException("close failed");
            }
        };
        EmbeddedServer server = EmbeddedServer.start(config().connectionListener(throwing), (req, res) -> res.end());

        server.send(get("/"));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
        assertEquals(List.of("open", "close CLIENT_CLOSED"), server.events());
    }

    @Test
    void theConnectionCountsItsRequestsAndKnowsItsChannel() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end(Integer.toString(
                req.connection().requestCount())));

        server.send(get("/") + get("/") + get("/"));

        assertEquals(List.of("1", "2", "3"), responses(server.output()).stream()
                .map(Response::body).toList());
        assertSame(server.channel(), server.connection().channel());
        assertEquals(server.channel().remoteAddress(), server.connection().remoteAddress());
        assertEquals(server.channel().localAddress(), server.connection().localAddress());
        assertNull(server.closeReason());
        server.finish();
    }
}
