package dev.h1.server.connection;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.testing.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.assertErrorAnswer;
import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expectations other than 100-continue (RFC 9110 §10.1.1): 417 and close by default, or the application's call. */
class ExpectationTest {

    private static final String UNKNOWN = "POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n";

    @Test
    void anUnknownExpectationIsAnswered417AndClosedWithoutCallingTheHandler() {
        List<String> calls = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> calls.add("request"));
        server.send(UNKNOWN + "ok");

        assertEquals(head("HTTP/1.1 417 Expectation Failed", "Content-Type: text/plain; charset=utf-8",
                "Content-Length: 18", "Connection: close") + "Expectation Failed", server.output());
        assertEquals(List.of(), calls);
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void anExpectationListWithAnUnknownMemberIs417() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end());
        server.send("GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nExpect: x-other\r\n\r\n");

        assertErrorAnswer(417, server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void theCheckExpectationHandlerMayMeetTheExpectation() {
        List<String> calls = new ArrayList<>();
        ConnectionConfig.Builder config = config().checkExpectationHandler((req, res) -> {
            calls.add("expectation " + req.header("Expect"));
            req.bodyString(10, StandardCharsets.UTF_8).thenAccept(res::end);
        });
        EmbeddedServer server = EmbeddedServer.start(config, (req, res) -> calls.add("request"));
        server.send(UNKNOWN + "ok");

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", KEEP_ALIVE) + "ok", server.output());
        assertEquals(List.of("expectation 200-ok"), calls);
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void theCheckExpectationHandlerMayRefuseWithItsOwnAnswer() {
        ConnectionConfig.Builder config = config().checkExpectationHandler((req, res) ->
                res.statusCode(417).setHeader("Connection", "close").end("not here"));
        EmbeddedServer server = EmbeddedServer.start(config, (req, res) -> res.end());
        server.send(UNKNOWN + "ok");

        assertEquals(head("HTTP/1.1 417 Expectation Failed", "Content-Length: 8", "Connection: close")
                + "not here", server.output());
        assertFalse(server.isOpen());
        server.finish();
    }

    @Test
    void a100ContinueExpectationDoesNotReachTheCheckExpectationHandler() {
        List<String> calls = new ArrayList<>();
        ConnectionConfig.Builder config = config().checkExpectationHandler((req, res) -> calls.add("expectation"));
        EmbeddedServer server = EmbeddedServer.start(config, (req, res) -> {
            calls.add("request");
            res.end();
        });
        server.send("GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\n\r\n");

        assertEquals(List.of("request"), calls);
        server.output();
        server.finish();
    }
}
