package dev.h1.server.connection;

import dev.h1.codec.Headers;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Response trailers (RFC 9112 §7.1.2): only a chunked body has a trailer section. */
class TrailersTest {

    private static final String CHUNKED = head("HTTP/1.1 200 OK", KEEP_ALIVE, "Transfer-Encoding: chunked");

    private static String answer(String request, RequestHandler handler) {
        EmbeddedServer server = EmbeddedServer.start(handler);
        server.send(request);
        server.send(get("/next")); // the connection must still be usable after a response with trailers
        String text = server.output();
        server.finish();
        return text;
    }

    private static final String NEXT = head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE) + "/next";

    private static RequestHandler thenNext(RequestHandler first) {
        return (req, res) -> {
            if (req.path().equals("/next")) {
                res.end("/next");
            } else {
                first.handle(req, res);
            }
        };
    }

    @Test
    void trailersFollowTheLastChunk() {
        String text = answer(get("/"), thenNext((req, res) -> {
            res.setHeader("Trailer", "X-Checksum");
            res.write("abc");
            res.addTrailers(new Headers().add("X-Checksum", "900150983cd24fb0"));
            res.end();
        }));

        assertEquals(head("HTTP/1.1 200 OK", "Trailer: X-Checksum", KEEP_ALIVE, "Transfer-Encoding: chunked")
                + "3\r\nabc\r\n0\r\nX-Checksum: 900150983cd24fb0\r\n\r\n" + NEXT, text);
    }

    @Test
    void addTrailersAccumulatesInOrder() {
        String text = answer(get("/"), thenNext((req, res) -> {
            res.write("a");
            res.addTrailers(new Headers().add("X-One", "1"));
            res.addTrailers(new Headers().add("X-Two", "2").add("X-One", "again"));
            res.end();
        }));

        assertEquals(CHUNKED + "1\r\na\r\n0\r\nX-One: 1\r\nX-Two: 2\r\nX-One: again\r\n\r\n" + NEXT, text);
    }

    @Test
    void theTrailersAreCopiedWhenAdded() {
        String text = answer(get("/"), thenNext((req, res) -> {
            Headers fields = new Headers().add("X-T", "1");
            res.write("a");
            res.addTrailers(fields);
            fields.set("X-T", "changed");
            res.end();
        }));

        assertEquals(CHUNKED + "1\r\na\r\n0\r\nX-T: 1\r\n\r\n" + NEXT, text);
    }

    @Test
    void endWithDataAfterAddTrailersIsChunkedSoTheTrailersCanBeSent() {
        String text = answer(get("/"), thenNext((req, res) -> {
            res.addTrailers(new Headers().add("X-T", "1"));
            res.end("data");
        }));

        assertEquals(CHUNKED + "4\r\ndata\r\n0\r\nX-T: 1\r\n\r\n" + NEXT, text);
    }

    @Test
    void anEmptyTrailerSectionEndsLikeNoTrailers() {
        String text = answer(get("/"), thenNext((req, res) -> {
            res.addTrailers(new Headers());
            res.end("data");
        }));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", KEEP_ALIVE) + "data" + NEXT, text);
    }

    @Test
    void addTrailersAfterAContentLengthHeadIsRefused() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        String text = answer(get("/"), thenNext((req, res) -> {
            response.set(res);
            res.writeHead(200, new Headers().add("Content-Length", "1"));
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> res.addTrailers(new Headers().add("X-T", "1")));
            assertEquals("cannot add trailers: the response is not chunked", refused.getMessage());
            res.end("a");
        }));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 1", KEEP_ALIVE) + "a" + NEXT, text);
        assertTrue(succeeded(response.get().finished()));
    }

    @Test
    void trailersForAnHttp10ClientAreDroppedAsNodeDoes() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.addTrailers(new Headers().add("X-T", "1"));
            res.write("a");
            res.end();
        });
        server.send("GET / HTTP/1.0\r\n\r\n");

        assertEquals(head("HTTP/1.1 200 OK", "Connection: close") + "a", server.output());
        server.finish();
    }

    @Test
    void addTrailersAfterEndIsRefused() {
        String text = answer(get("/"), thenNext((req, res) -> {
            res.end();
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> res.addTrailers(new Headers().add("X-T", "1")));
            assertEquals("cannot add trailers: the response has ended", refused.getMessage());
        }));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE) + NEXT, text);
    }

    @Test
    void trailersThatTheFinalFramingCannotCarryAreDroppedAndTheResponseStillEnds() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        String text = answer(get("/"), thenNext((req, res) -> {
            response.set(res);
            res.addTrailers(new Headers().add("X-T", "1"));
            res.setHeader("Content-Length", "4"); // decided after the trailers: the application's length wins
            res.end("data");
        }));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", KEEP_ALIVE) + "data" + NEXT, text);
        assertTrue(succeeded(response.get().finished()));
    }

    @Test
    void trailersOfAHeadResponseAreDropped() {
        String text = answer("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", thenNext((req, res) -> {
            res.addTrailers(new Headers().add("X-T", "1"));
            res.write("ignored");
            res.end();
        }));

        assertEquals(head("HTTP/1.1 200 OK", KEEP_ALIVE) + NEXT, text);
    }

    @Test
    void aHeadResponseWithTrailersStillAnnouncesItsLength() {
        String text = answer("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", thenNext((req, res) -> {
            res.addTrailers(new Headers().add("X-T", "1"));
            res.end("hello");
        }));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE) + NEXT, text);
    }
}
