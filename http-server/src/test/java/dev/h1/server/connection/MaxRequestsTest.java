package dev.h1.server.connection;

import dev.h1.server.api.BodyListener;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ConnectionListener;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Response;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.post;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code maxRequestsPerConnection}: the last allowed response says {@code Connection: close}; a request pipelined past
 * it is answered 503 with {@code Connection: close} and reported to the connection listener (Node's 'dropRequest');
 * 0 means unlimited.
 */
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
    void aRequestPipelinedBeyondTheMaximumIsAnswered503AndReported() {
        List<String> dropped = new ArrayList<>();
        List<String> handled = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start(config().maxRequestsPerConnection(2)
                .connectionListener(new ConnectionListener() {
                    @Override
                    public void onDroppedRequest(ServerRequest request) {
                        dropped.add(request.method() + " " + request.url());
                    }
                }), (req, res) -> {
                    handled.add(req.url());
                    res.end(req.url());
                });

        server.send(get("/1") + get("/2") + get("/3") + get("/4"));

        List<Response> answered = responses(server.output());
        assertEquals(List.of("/1", "/2"), handled);
        assertEquals(List.of(200, 200, 503), answered.stream().map(Response::status).toList());
        assertEquals("close", answered.get(1).field("Connection"));
        assertEquals("close", answered.get(2).field("Connection"));
        assertEquals("Service Unavailable", answered.get(2).body());
        assertEquals(List.of("GET /3"), dropped, "one 503 with close is enough; /4 is retried by the client");
        assertEquals(CloseReason.MAX_REQUESTS, server.closeReason());
        assertEquals(List.of("open", "close MAX_REQUESTS"), server.events());
        server.finish();
    }

    @Test
    void aRequestPipelinedWhileTheLastOneIsAnsweredIsDroppedWhenItsResponseEnds() {
        List<ServerResponse> held = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start(config().maxRequestsPerConnection(1),
                (req, res) -> held.add(res));

        server.send(get("/1"));
        server.send(get("/2"));
        assertEquals("", server.output(), "the last allowed request is still being answered");
        held.get(0).end("one");

        List<Response> answered = responses(server.output());
        assertEquals(List.of(200, 503), answered.stream().map(Response::status).toList());
        assertEquals(1, held.size());
        assertFalse(server.isOpen());
        assertEquals(CloseReason.MAX_REQUESTS, server.closeReason());
        server.finish();
    }

    @Test
    void aDroppedRequestsBodyIsNotReadAndItsListenerHearsSo() {
        List<String> seen = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start(config().maxRequestsPerConnection(1)
                .connectionListener(new ConnectionListener() {
                    @Override
                    public void onDroppedRequest(ServerRequest request) {
                        request.body(new BodyListener() {
                            @Override
                            public void onData(ByteBuf data) {
                                seen.add("data");
                            }

                            @Override
                            public void onError(Throwable cause) {
                                seen.add("error");
                            }
                        });
                    }
                }), (req, res) -> res.end());

        server.send(get("/1") + post("/2", "body"));

        assertEquals(List.of(200, 503), responses(server.output()).stream().map(Response::status).toList());
        assertEquals(List.of("error"), seen);
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
