package dev.h1.server.connection;

import dev.h1.codec.Headers;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerResponse;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.connection.ApiHarness.KEEP_ALIVE;
import static dev.h1.server.connection.ApiHarness.channel;
import static dev.h1.server.connection.ApiHarness.finish;
import static dev.h1.server.connection.ApiHarness.get;
import static dev.h1.server.connection.ApiHarness.head;
import static dev.h1.server.connection.ApiHarness.send;
import static dev.h1.server.connection.ApiHarness.succeeded;
import static dev.h1.server.connection.ApiHarness.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Response trailers (RFC 9112 §7.1.2): only a chunked body has a trailer section. */
class TrailersTest {

    private static final String KEEP = KEEP_ALIVE.trim();
    private static final String CHUNKED = head("HTTP/1.1 200 OK", KEEP, "Transfer-Encoding: chunked");

    private static String answer(String request, RequestHandler handler) {
        EmbeddedChannel ch = channel(handler);
        send(ch, request);
        send(ch, get("/next")); // the connection must still be usable after a response with trailers
        String text = wire(ch);
        finish(ch);
        return text;
    }

    private static final String NEXT = head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP) + "/next";

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

        assertEquals(head("HTTP/1.1 200 OK", "Trailer: X-Checksum", KEEP, "Transfer-Encoding: chunked")
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

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", KEEP) + "data" + NEXT, text);
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

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 1", KEEP) + "a" + NEXT, text);
        assertTrue(succeeded(response.get().finished()));
    }

    @Test
    void trailersForAnHttp10ClientAreDroppedAsNodeDoes() {
        EmbeddedChannel ch = channel((req, res) -> {
            res.addTrailers(new Headers().add("X-T", "1"));
            res.write("a");
            res.end();
        });
        send(ch, "GET / HTTP/1.0\r\n\r\n");

        assertEquals(head("HTTP/1.1 200 OK", "Connection: close") + "a", wire(ch));
        finish(ch);
    }

    @Test
    void addTrailersAfterEndIsRefused() {
        String text = answer(get("/"), thenNext((req, res) -> {
            res.end();
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> res.addTrailers(new Headers().add("X-T", "1")));
            assertEquals("cannot add trailers: the response has ended", refused.getMessage());
        }));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP) + NEXT, text);
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

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", KEEP) + "data" + NEXT, text);
        assertTrue(succeeded(response.get().finished()));
    }

    @Test
    void trailersOfAHeadResponseAreDropped() {
        String text = answer("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", thenNext((req, res) -> {
            res.addTrailers(new Headers().add("X-T", "1"));
            res.write("ignored");
            res.end();
        }));

        assertEquals(head("HTTP/1.1 200 OK", KEEP) + NEXT, text);
    }

    @Test
    void aHeadResponseWithTrailersStillAnnouncesItsLength() {
        String text = answer("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", thenNext((req, res) -> {
            res.addTrailers(new Headers().add("X-T", "1"));
            res.end("hello");
        }));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP) + NEXT, text);
    }
}
