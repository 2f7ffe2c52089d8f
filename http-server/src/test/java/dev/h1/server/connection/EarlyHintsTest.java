package dev.h1.server.connection;

import dev.h1.codec.EncodeError;
import dev.h1.codec.Headers;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.failure;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 103 (Early Hints, RFC 8297) before the final response. */
class EarlyHintsTest {

    private EmbeddedServer server;
    private ServerResponse res;

    private void start(String request) {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        server = EmbeddedServer.start((req, r) -> response.set(r));
        server.send(request);
        res = response.get();
    }

    @Test
    void earlyHintsGoOutAtOnceBeforeTheFinalResponse() {
        start(get("/"));
        CompletionStage<Void> sent = res.writeEarlyHints(new Headers()
                .add("Link", "</style.css>; rel=preload; as=style")
                .add("Link", "</app.js>; rel=preload; as=script"));

        assertTrue(succeeded(sent));
        assertEquals("HTTP/1.1 103 Early Hints\r\n"
                + "Link: </style.css>; rel=preload; as=style\r\n"
                + "Link: </app.js>; rel=preload; as=script\r\n\r\n", server.output());
        res.setHeader("Link", "</style.css>; rel=preload; as=style").end("<html>");
        assertEquals(head("HTTP/1.1 200 OK", "Link: </style.css>; rel=preload; as=style", "Content-Length: 6",
                KEEP_ALIVE)
                + "<html>", server.output());
        server.finish();
    }

    @Test
    void severalEarlyHintsMayPrecedeTheResponse() {
        start(get("/"));
        res.writeEarlyHints(new Headers().add("Link", "</a.css>; rel=preload"));
        res.writeEarlyHints(new Headers().add("Link", "</b.css>; rel=preload"));
        res.end();

        assertEquals("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nLink: </b.css>; rel=preload\r\n\r\n"
                + head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
    }

    @Test
    void theHintsAreCopiedWhenGiven() {
        start(get("/"));
        Headers hints = new Headers().add("Link", "</a.css>; rel=preload");
        res.writeEarlyHints(hints);
        hints.set("Link", "</changed>");
        res.end();

        assertEquals("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                + head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
    }

    @Test
    void anHttp10ClientGetsNoEarlyHints() {
        start("GET / HTTP/1.0\r\n\r\n");
        // RFC 9110 §15.2: a server must not send a 1xx response to an HTTP/1.0 client.
        assertTrue(succeeded(res.writeEarlyHints(new Headers().add("Link", "</a.css>; rel=preload"))));
        res.end("a");

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 1", "Connection: close") + "a", server.output());
        server.finish();
    }

    @Test
    void hintsWithFramingFieldsFailTheirStageAndTheResponseGoesOn() {
        start(get("/"));
        CompletionStage<Void> sent = res.writeEarlyHints(new Headers().add("Content-Length", "0"));

        ResponseEncodeException refused = assertInstanceOf(ResponseEncodeException.class, failure(sent));
        assertEquals(EncodeError.FRAMING_NOT_ALLOWED, refused.error());
        res.end("ok");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", KEEP_ALIVE) + "ok", server.output());
        server.finish();
    }
}
