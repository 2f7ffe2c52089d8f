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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Interim (1xx) responses before the final one (RFC 9110 §15.2): 103 (Early Hints, RFC 8297), 102
 * ({@code writeProcessing()}) and the general {@code writeInformational(status, headers)}, which refuses 101 and final
 * statuses; and {@code sendDate(false)}, which leaves out the {@code Date} field (Node's {@code res.sendDate}).
 */
class InterimResponseTest {

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

    @Test
    void processingGoesOutAtOnceBeforeTheFinalResponse() {
        start(get("/"));

        assertTrue(succeeded(res.writeProcessing()));
        assertEquals("HTTP/1.1 102 Processing\r\n\r\n", server.output());
        res.end("done");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", KEEP_ALIVE) + "done", server.output());
        server.finish();
    }

    @Test
    void anyInterimStatusGoesOutWithItsFields() {
        start(get("/"));

        assertTrue(succeeded(res.writeInformational(104, Headers.of("X-Progress", "50%"))));
        assertTrue(succeeded(res.writeInformational(199, Headers.empty())));
        assertEquals("HTTP/1.1 104 " + reasonOf(104) + "\r\nX-Progress: 50%\r\n\r\n"
                + "HTTP/1.1 199 " + reasonOf(199) + "\r\n\r\n", server.output());
        res.end();
        server.output();
        server.finish();
    }

    @Test
    void switchingProtocolsAndFinalStatusesAreRefused() {
        start(get("/"));

        for (int status : new int[] {101, 99, 200, 404}) {
            assertThrows(IllegalArgumentException.class, () -> res.writeInformational(status, Headers.empty()),
                    String.valueOf(status));
        }
        assertThrows(IllegalArgumentException.class,
                () -> res.writeInformational(102, Headers.of("Content-Length", "0")));
        assertEquals("", server.output(), "nothing was written");
        res.end();
        server.output();
        server.finish();
    }

    @Test
    void anInterimResponseAfterTheHeadFails() {
        start(get("/"));
        res.flushHeaders();
        server.output();

        CompletionStage<Void> late = res.writeProcessing();

        assertInstanceOf(IllegalStateException.class, failure(late));
        res.end();
        server.output();
        server.finish();
    }

    @Test
    void anHttp10ClientGetsNoInterimResponse() {
        start("GET / HTTP/1.0\r\n\r\n");

        assertTrue(succeeded(res.writeInformational(102, Headers.empty())));
        assertEquals("", server.output(), "RFC 9110 §15.2: no 1xx to an HTTP/1.0 client");
        res.end();
        server.output();
        server.finish();
    }

    @Test
    void sendDateFalseLeavesTheDateOut() {
        start(get("/"));

        assertTrue(res.sendDate());
        res.sendDate(false).end("x");

        assertFalse(res.sendDate());
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n" + KEEP_ALIVE + "\r\n\r\nx", server.output());
        server.finish();
    }

    @Test
    void aDateTheApplicationSetsIsSentEvenWithSendDateFalse() {
        start(get("/"));

        res.sendDate(false).setHeader("Date", "Mon, 07 Nov 1994 08:49:37 GMT").end();

        assertEquals("HTTP/1.1 200 OK\r\nDate: Mon, 07 Nov 1994 08:49:37 GMT\r\nContent-Length: 0\r\n" + KEEP_ALIVE
                + "\r\n\r\n", server.output());
        server.finish();
    }

    @Test
    void sendDateCannotChangeOnceTheHeadIsSent() {
        start(get("/"));
        res.flushHeaders();

        assertThrows(IllegalStateException.class, () -> res.sendDate(false));
        res.end();
        server.output();
        server.finish();
    }

    private static String reasonOf(int status) {
        return dev.h1.codec.HttpStatus.reasonPhrase(status);
    }
}
