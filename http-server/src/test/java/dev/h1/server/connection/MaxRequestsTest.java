package dev.h1.server.connection;

import dev.h1.server.api.CloseReason;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code maxRequestsPerConnection}: the last allowed response says {@code Connection: close}; 0 means unlimited. */
class MaxRequestsTest {

    @Test
    void theLastAllowedResponseSaysCloseAndTheConnectionCloses() {
        EmbeddedServer server = EmbeddedServer.start(config().maxRequestsPerConnection(2),
                (req, res) -> res.end(req.url()));

        server.send(get("/1"));
        Response first = responses(server.output()).get(0);
        assertNull(first.field("Connection"));
        assertEquals("timeout=5", first.field("Keep-Alive"));
        assertTrue(server.isOpen());

        server.send(get("/2"));
        Response second = responses(server.output()).get(0);
        assertEquals("close", second.field("Connection"));
        assertNull(second.field("Keep-Alive"));
        assertEquals("/2", second.body());
        assertFalse(server.isOpen());
        assertEquals(CloseReason.MAX_REQUESTS, server.closeReason());
        assertEquals(2, server.connection().requestCount());
        server.finish();
    }

    @Test
    void pipelinedRequestsBeyondTheMaximumAreNotAnswered() {
        EmbeddedServer server = EmbeddedServer.start(config().maxRequestsPerConnection(2),
                (req, res) -> res.end(req.url()));

        server.send(get("/1") + get("/2") + get("/3"));

        List<Response> answered = responses(server.output());
        assertEquals(List.of("/1", "/2"), answered.stream().map(Response::body).toList());
        assertEquals("close", answered.get(1).field("Connection"));
        assertEquals(CloseReason.MAX_REQUESTS, server.closeReason());
        assertEquals(List.of("open", "close MAX_REQUESTS"), server.events());
        server.finish();
    }

    @Test
    void aMaximumOfOneClosesAfterTheFirstResponse() {
        EmbeddedServer server = EmbeddedServer.start(config().maxRequestsPerConnection(1), (req, res) -> res.end());

        server.send(get("/"));

        assertEquals("close", responses(server.output()).get(0).field("Connection"));
        assertEquals(CloseReason.MAX_REQUESTS, server.closeReason());
        server.finish();
    }

    @Test
    void theRequestSeesThatItIsTheLastOne() {
        boolean[] keepAlive = new boolean[2];
        EmbeddedServer server = EmbeddedServer.start(config().maxRequestsPerConnection(2), (req, res) -> {
            keepAlive[req.connection().requestCount() - 1] = req.isKeepAlive();
            res.end();
        });

        server.send(get("/1") + get("/2"));

        assertEquals(2, responses(server.output()).size());
        assertTrue(keepAlive[0]);
        assertFalse(keepAlive[1]);
        server.finish();
    }

    @Test
    void zeroAllowsAnyNumberOfRequests() {
        EmbeddedServer server = EmbeddedServer.start(config().maxRequestsPerConnection(0), (req, res) -> res.end());

        for (int i = 0; i < 50; i++) {
            server.send(get("/"));
            assertNull(responses(server.output()).get(0).field("Connection"));
        }

        assertTrue(server.isOpen());
        assertEquals(50, server.connection().requestCount());
        server.finish();
    }

    @Test
    void aClientCloseOnTheLastRequestReportsTheClientsReason() {
        EmbeddedServer server = EmbeddedServer.start(config().maxRequestsPerConnection(1), (req, res) -> res.end());

        server.send(get("/", "Connection: close"));

        assertEquals("close", responses(server.output()).get(0).field("Connection"));
        assertEquals(CloseReason.NOT_PERSISTENT, server.closeReason());
        server.finish();
    }
}
