package dev.h1.server.connection;

import dev.h1.server.ConnectionConfig;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.h1.server.connection.ApiHarness.KEEP_ALIVE;
import static dev.h1.server.connection.ApiHarness.channel;
import static dev.h1.server.connection.ApiHarness.config;
import static dev.h1.server.connection.ApiHarness.finish;
import static dev.h1.server.connection.ApiHarness.head;
import static dev.h1.server.connection.ApiHarness.send;
import static dev.h1.server.connection.ApiHarness.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expectations other than 100-continue (RFC 9110 §10.1.1): 417 and close by default, or the application's call. */
class ExpectationTest {

    private static final String UNKNOWN = "POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n";

    @Test
    void anUnknownExpectationIsAnswered417AndClosedWithoutCallingTheHandler() {
        List<String> calls = new ArrayList<>();
        EmbeddedChannel ch = channel((req, res) -> calls.add("request"));
        send(ch, UNKNOWN + "ok");

        assertEquals(head("HTTP/1.1 417 Expectation Failed", "Content-Type: text/plain; charset=utf-8",
                "Content-Length: 18", "Connection: close") + "Expectation Failed", wire(ch));
        assertEquals(List.of(), calls);
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void anExpectationListWithAnUnknownMemberIs417() {
        EmbeddedChannel ch = channel((req, res) -> res.end());
        send(ch, "GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nExpect: x-other\r\n\r\n");

        assertTrue(wire(ch).startsWith("HTTP/1.1 417 Expectation Failed\r\n"));
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void theCheckExpectationHandlerMayMeetTheExpectation() {
        List<String> calls = new ArrayList<>();
        ConnectionConfig config = config().checkExpectationHandler((req, res) -> {
            calls.add("expectation " + req.header("Expect"));
            req.bodyString(10, StandardCharsets.UTF_8).thenAccept(res::end);
        }).build();
        EmbeddedChannel ch = channel(config, (req, res) -> calls.add("request"));
        send(ch, UNKNOWN + "ok");

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", KEEP_ALIVE.trim()) + "ok", wire(ch));
        assertEquals(List.of("expectation 200-ok"), calls);
        assertTrue(ch.isActive());
        finish(ch);
    }

    @Test
    void theCheckExpectationHandlerMayRefuseWithItsOwnAnswer() {
        ConnectionConfig config = config().checkExpectationHandler((req, res) ->
                res.statusCode(417).setHeader("Connection", "close").end("not here")).build();
        EmbeddedChannel ch = channel(config, (req, res) -> res.end());
        send(ch, UNKNOWN + "ok");

        assertEquals(head("HTTP/1.1 417 Expectation Failed", "Content-Length: 8", "Connection: close")
                + "not here", wire(ch));
        assertFalse(ch.isActive());
        finish(ch);
    }

    @Test
    void a100ContinueExpectationDoesNotReachTheCheckExpectationHandler() {
        List<String> calls = new ArrayList<>();
        ConnectionConfig config = config().checkExpectationHandler((req, res) -> calls.add("expectation")).build();
        EmbeddedChannel ch = channel(config, (req, res) -> {
            calls.add("request");
            res.end();
        });
        send(ch, "GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\n\r\n");

        assertEquals(List.of("request"), calls);
        wire(ch);
        finish(ch);
    }
}
