package dev.h1.server.connection;

import dev.h1.server.api.BodyTooLargeException;
import dev.h1.server.api.BodyTooLargeHandler;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Response;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.testing.EmbeddedServer.assertErrorAnswer;
import static dev.h1.server.testing.EmbeddedServer.failure;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code bodyBytes(max)} and a body over the limit (RFC 9110 §15.5.14): a request whose Content-Length already declares
 * more is answered 413 at once, before any of its body is read; and the application may give its own 413
 * ({@link BodyTooLargeHandler}).
 */
class BodyLimitTest {

    private static final String ONE_TIB = "1099511627776";

    private final AtomicReference<CompletionStage<byte[]>> body = new AtomicReference<>();
    private final AtomicReference<ServerRequest> request = new AtomicReference<>();

    private EmbeddedServer start(BodyTooLargeHandler tooLarge) {
        return EmbeddedServer.start((req, res) -> {
            request.set(req);
            body.set(tooLarge == null ? req.bodyBytes(64) : req.bodyBytes(64, tooLarge));
        });
    }

    @Test
    void aDeclaredLengthOverTheLimitIsAnsweredAtOnceWithoutReadingTheBody() {
        EmbeddedServer server = start(null);

        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + ONE_TIB + "\r\n\r\n");

        assertErrorAnswer(413, server.output());
        assertInstanceOf(BodyTooLargeException.class, failure(body.get()));
        assertFalse(server.isOpen());
        assertFalse(request.get().isComplete());
        assertFalse(request.get().isAborted(), "refused, not abandoned by the client");
        server.finish();
    }

    @Test
    void aClientWaitingFor100ContinueGetsNoneBeforeThe413() {
        EmbeddedServer server = start(null);

        server.send("PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 65\r\n\r\n");

        String output = server.output();
        assertErrorAnswer(413, output);
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void aDeclaredLengthAtTheLimitIsRead() {
        EmbeddedServer server = start(null);

        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 64\r\n\r\n" + "x".repeat(64));

        assertEquals(64, body.get().toCompletableFuture().getNow(null).length);
        assertEquals("", server.output(), "nothing refused; the handler has not answered yet");
        server.finish();
    }

    @Test
    void theApplicationMayGiveItsOwn413() {
        EmbeddedServer server = start((res, cause) -> res.statusCode(413)
                .setHeader("Content-Type", "application/problem+json")
                .end("{\"title\":\"too large\",\"max\":64}"));

        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + ONE_TIB + "\r\n\r\n");

        assertEquals(head("HTTP/1.1 413 Content Too Large", "Content-Type: application/problem+json",
                "Content-Length: 30", "Connection: close") + "{\"title\":\"too large\",\"max\":64}", server.output());
        assertInstanceOf(BodyTooLargeException.class, failure(body.get()));
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void theApplicationsAnswerAlsoServesAChunkedBodyThatGrowsOverTheLimit() {
        EmbeddedServer server = start((res, cause) -> res.statusCode(413).end(cause.getMessage()));
        String chunk = "x".repeat(40);

        server.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "28\r\n" + chunk + "\r\n28\r\n" + chunk + "\r\n");

        Response answer = responses(server.output()).get(0);
        assertEquals(413, answer.status());
        assertEquals("request body exceeds 64 bytes", answer.body());
        assertEquals("close", answer.field("Connection"));
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void anAnswerTheHandlerDoesNotEndGetsTheServersOwn() {
        EmbeddedServer server = start((res, cause) -> res.setHeader("X-Half", "done"));

        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + ONE_TIB + "\r\n\r\n");

        String output = server.output();
        assertErrorAnswer(413, output);
        assertNull(responses(output).get(0).field("X-Half"));
        server.finish();
    }

    @Test
    void aHandlerThatThrowsGetsTheServersOwn() {
        EmbeddedServer server = start((res, cause) -> {
            throw new IllegalStateException("boom");
        });

        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + ONE_TIB + "\r\n\r\n");

        assertErrorAnswer(413, server.output());
        assertFalse(server.isOpen());
        server.finish();
    }
}
