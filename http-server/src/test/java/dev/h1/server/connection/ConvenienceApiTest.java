package dev.h1.server.connection;

import dev.h1.codec.Headers;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Valve;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, item 6: navigation from the response ({@code request()}, {@code connection()}), headers from maps,
 * {@code writableFinished()}, and client-error answers with headers and a content type.
 */
class ConvenienceApiTest {

    @Test
    void theResponseLeadsToItsRequestAndConnection() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        AtomicReference<Object> request = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            request.set(req);
            response.set(res);
            res.end();
        });
        server.send(get("/"));

        assertSame(request.get(), response.get().request());
        assertSame(server.connection(), response.get().connection());
        server.output();
        server.finish();
    }

    @Test
    void setHeadersFromAMapReplacesEachNamedField() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Content-Type", "text/plain");
        fields.put("X-B", "2");
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.setHeader("content-type", "text/html").setHeader("X-A", "1");
            res.setHeaders(fields).end();
        });
        server.send(get("/"));

        assertEquals(head("HTTP/1.1 200 OK", "X-A: 1", "Content-Type: text/plain", "X-B: 2", "Content-Length: 0",
                KEEP_ALIVE), server.output());
        server.finish();
    }

    @Test
    void setHeadersFromListsKeepsEveryValueOfAName() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.setHeader("Set-Cookie", "old=0");
            res.setHeaders(Headers.ofLists(Map.of("Set-Cookie", List.of("a=1", "b=2")))).end();
        });
        server.send(get("/"));

        assertEquals(head("HTTP/1.1 200 OK", "Set-Cookie: a=1", "Set-Cookie: b=2", "Content-Length: 0", KEEP_ALIVE),
                server.output());
        server.finish();
    }

    @Test
    void writeHeadTakesAMapOfHeaders() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            res.writeHead(201, Map.of("Location", "/items/1"));
            res.end();
        });
        server.send(get("/"));

        assertEquals(head("HTTP/1.1 201 Created", "Location: /items/1", KEEP_ALIVE, "Transfer-Encoding: chunked")
                + "0\r\n\r\n", server.output());
        server.finish();
    }

    @Test
    void setHeadersRefusesAnInvalidValueAndAClaimedHead() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> response.set(res));
        server.send(get("/"));
        ServerResponse res = response.get();

        assertThrows(IllegalArgumentException.class, () -> res.setHeaders(Map.of("X", "a\r\nInjected: 1")));
        res.flushHeaders();
        assertThrows(IllegalStateException.class, () -> res.setHeaders(Map.of("X", "late")));
        res.end();
        server.output();
        server.finish();
    }

    @Test
    void writableFinishedTurnsTrueOnceTheLastByteIsWrittenNotAtEnd() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> response.set(res));
        Valve valve = server.valve();
        server.send(get("/"));
        ServerResponse res = response.get();

        assertFalse(res.writableFinished());
        res.end("body");
        assertTrue(res.writableEnded());
        assertFalse(res.writableFinished(), "the socket has not taken the bytes yet");
        valve.open();
        assertTrue(res.writableFinished());
        server.output();
        server.finish();
    }

    @Test
    void aClientErrorAnswerCarriesHeadersAndAContentType() {
        byte[] json = "{\"error\":\"bad request\"}".getBytes(StandardCharsets.UTF_8);
        EmbeddedServer server = EmbeddedServer.start(config().clientErrorHandler(error -> error.respond(400,
                Headers.of("Retry-After", "10", "Content-Type", "text/plain"), "application/json", json)),
                (req, res) -> res.end());
        server.send("GET / HTTP/1.1\r\nHost: x\r\nBad header: y\r\n\r\n");

        assertEquals(head("HTTP/1.1 400 Bad Request", "Retry-After: 10", "Content-Type: application/json",
                "Connection: close", "Content-Length: " + json.length) + new String(json, StandardCharsets.UTF_8),
                server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void aClientErrorAnswerRefusesTheFieldsTheServerOwns() {
        AtomicReference<Throwable> refused = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start(config().clientErrorHandler(error -> {
            try {
                error.respond(400, Headers.of("Content-Length", "5"), null, new byte[0]);
            } catch (IllegalArgumentException e) {
                refused.set(e);
            }
        }), (req, res) -> res.end());
        server.send("GET / HTTP/1.1\r\nHost: x\r\nBad header: y\r\n\r\n");

        assertTrue(refused.get().getMessage().contains("Content-Length"), String.valueOf(refused.get()));
        assertTrue(server.output().startsWith("HTTP/1.1 400 Bad Request\r\n"), "the default answer follows");
        server.finish();
    }
}
