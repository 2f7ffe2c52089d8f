package dev.h1.server.connection;

import dev.h1.codec.Headers;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.failure;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Misuse fails loudly, with a message that says what happened, and leaves the response usable: nothing invalid is
 * written, and a later correct call still answers.
 */
class ResponseMisuseTest {

    private static final String SENT = ": the response head was already sent";

    private EmbeddedServer server;
    private ServerResponse res;

    private void start() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        server = EmbeddedServer.start((req, r) -> response.set(r));
        server.send(get("/"));
        res = response.get();
    }

    private static void assertMessage(Class<? extends Throwable> type, String message, Executable call) {
        assertEquals(message, assertThrows(type, call).getMessage());
    }

    // ---- after the head was sent ----

    @Test
    void writeHeadTwiceIsRefused() {
        start();
        res.writeHead(200);
        assertMessage(IllegalStateException.class, "cannot writeHead" + SENT, () -> res.writeHead(500));
        assertMessage(IllegalStateException.class, "cannot writeHead" + SENT, () -> res.writeHead(500, "x"));
        assertEquals(200, res.statusCode());
        res.end();
        assertEquals(head("HTTP/1.1 200 OK", KEEP_ALIVE, "Transfer-Encoding: chunked") + "0\r\n\r\n", server.output());
        server.finish();
    }

    @Test
    void writeHeadAfterAWriteIsRefused() {
        start();
        res.write("a");
        assertThrows(IllegalStateException.class, () -> res.writeHead(404));
        res.end();
        server.output();
        server.finish();
    }

    @Test
    void changingHeadersAfterTheHeadWasSentIsRefused() {
        start();
        res.setHeader("X-A", "1").flushHeaders();

        assertMessage(IllegalStateException.class, "cannot set header X-A" + SENT, () -> res.setHeader("X-A", "2"));
        assertMessage(IllegalStateException.class, "cannot set header X-B" + SENT,
                () -> res.setHeader("X-B", List.of("1", "2")));
        assertMessage(IllegalStateException.class, "cannot append to header X-A" + SENT,
                () -> res.appendHeader("X-A", "2"));
        assertMessage(IllegalStateException.class, "cannot remove header X-A" + SENT, () -> res.removeHeader("X-A"));
        assertMessage(IllegalStateException.class, "cannot set the status" + SENT, () -> res.statusCode(404));
        assertMessage(IllegalStateException.class, "cannot set the status message" + SENT,
                () -> res.statusMessage("Nope"));
        assertEquals(List.of("1"), res.getHeaderValues("X-A"));
        res.end();
        assertEquals(head("HTTP/1.1 200 OK", "X-A: 1", KEEP_ALIVE, "Transfer-Encoding: chunked") + "0\r\n\r\n",
                server.output());
        server.finish();
    }

    // ---- after end ----

    @Test
    void writeAfterEndIsRefusedAndTheBufferReleased() {
        start();
        res.end("done");
        ByteBuf late = Unpooled.copiedBuffer("late", StandardCharsets.US_ASCII);

        assertMessage(IllegalStateException.class, "write after end", () -> res.write(late));
        assertEquals(0, late.refCnt(), "write takes ownership even when it refuses");
        assertMessage(IllegalStateException.class, "write after end", () -> res.write("late"));
        assertMessage(IllegalStateException.class, "write after end", () -> res.write(new byte[]{1}));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", KEEP_ALIVE) + "done", server.output());
        server.finish();
    }

    @Test
    void endWithDataAfterEndIsRefusedButPlainEndIsIdempotent() {
        start();
        var first = res.end();
        ByteBuf late = Unpooled.copiedBuffer("late", StandardCharsets.US_ASCII);

        assertMessage(IllegalStateException.class, "end(data) after end", () -> res.end(late));
        assertEquals(0, late.refCnt());
        assertMessage(IllegalStateException.class, "end(data) after end", () -> res.end("late"));
        assertEquals(first, res.end());
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
    }

    @Test
    void sendFileAfterEndIsRefused() {
        start();
        res.end();
        assertMessage(IllegalStateException.class, "sendFile after end", () -> res.sendFile(Path.of("pom.xml")));
        server.output();
        server.finish();
    }

    @Test
    void interimResponsesAfterTheHeadFailTheirStage() {
        start();
        res.writeHead(200);

        assertEquals("writeContinue after the head was sent", failure(res.writeContinue()).getMessage());
        assertEquals("writeEarlyHints after the head was sent",
                failure(res.writeEarlyHints(new Headers().add("Link", "</a>; rel=preload"))).getMessage());
        res.end();
        assertEquals(head("HTTP/1.1 200 OK", KEEP_ALIVE, "Transfer-Encoding: chunked") + "0\r\n\r\n", server.output());
        server.finish();
    }

    // ---- invalid fields ----

    /** A header name that is not a token (RFC 9110 §5.1), and the message that refuses it. */
    static Stream<Arguments> invalidNames() {
        return Stream.of(
                /* 0 */ arguments("", "empty header name"),
                /* 1 */ arguments("Bad Name", badName(3)),
                /* 2 */ arguments("Bad:Name", badName(3)),
                /* 3 */ arguments("Bad\rName", badName(3)),
                /* 4 */ arguments("Bad\nName", badName(3)),
                /* 5 */ arguments("Bad\u0000Name", badName(3)),
                /* 6 */ arguments("Bäd", badName(1)),
                /* 7 */ arguments("(x)", badName(0)),
                /* 8 */ arguments("X-Tab\t", badName(5)));
    }

    private static String badName(int index) {
        return "header name has an invalid character at index " + index + " (a name must be a token)";
    }

    @ParameterizedTest(name = "name [{0}]")
    @MethodSource("invalidNames")
    void invalidHeaderNamesAreRefusedAndNothingIsWritten(String name, String message) {
        start();
        Class<IllegalArgumentException> refused = IllegalArgumentException.class;
        assertMessage(refused, message, () -> res.setHeader(name, "v"));
        assertThrows(refused, () -> res.setHeader(name, List.of("v")));
        assertThrows(refused, () -> res.appendHeader(name, "v"));
        assertThrows(refused, () -> res.writeHead(200, new Headers().add(name, "v")));
        assertThrows(refused, () -> res.addTrailers(new Headers().add(name, "v")));
        assertThrows(refused, () -> res.writeEarlyHints(new Headers().add(name, "v")));

        assertFalse(res.headersSent(), "a refused writeHead sends nothing");
        assertEquals("", server.output());
        assertTrue(res.getHeaders().isEmpty());
        res.end("ok");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", KEEP_ALIVE) + "ok", server.output());
        server.finish();
    }

    /** A value with a character outside VCHAR, obs-text, SP and HTAB (RFC 9110 §5.5): its code and index. */
    static Stream<Arguments> invalidValues() {
        return Stream.of(
                /* 0 */ arguments("a\rb", 13, 1),
                /* 1 */ arguments("a\nb", 10, 1),
                /* 2 */ arguments("a\r\nInjected: yes", 13, 1),
                /* 3 */ arguments("a\u0000b", 0, 1),
                /* 4 */ arguments("a\u007fb", 127, 1),
                /* 5 */ arguments("a\u0001b", 1, 1),
                /* 6 */ arguments("\u2713", 0x2713, 0));
    }

    @ParameterizedTest(name = "value [{0}]")
    @MethodSource("invalidValues")
    void headerValuesWithControlsAreRefusedAndNothingIsWritten(String value, int code, int index) {
        start();
        Class<IllegalArgumentException> refused = IllegalArgumentException.class;
        assertMessage(refused, "value of header X-V has an invalid character (code " + code + ") at index " + index
                + "; CR, LF, NUL and other controls are refused", () -> res.setHeader("X-V", value));
        assertThrows(refused, () -> res.setHeader("X-V", List.of("fine", value)));
        assertThrows(refused, () -> res.appendHeader("X-V", value));
        assertThrows(refused, () -> res.writeHead(200, new Headers().add("X-V", value)));
        assertThrows(refused, () -> res.writeHead(200, value));
        assertThrows(refused, () -> res.statusMessage(value));
        assertThrows(refused, () -> res.addTrailers(new Headers().add("X-V", value)));
        assertThrows(refused, () -> res.writeEarlyHints(new Headers().add("Link", value)));

        assertFalse(res.headersSent());
        assertFalse(res.hasHeader("X-V"), "a refused list sets none of its values");
        assertEquals("", server.output());
        res.end();
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
    }

    @Test
    void nullNamesAndValuesAreRefused() {
        start();
        assertMessage(IllegalArgumentException.class, "header name is null", () -> res.setHeader(null, "v"));
        assertMessage(IllegalArgumentException.class, "value of header X is null",
                () -> res.setHeader("X", (String) null));
        assertMessage(IllegalArgumentException.class, "value of header X is null", () -> res.appendHeader("X", null));
        res.end();
        server.output();
        server.finish();
    }

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {-1, 0, 99, 100, 101, 103, 199, 1000, 1200})
    void statusOutside200To999IsRefused(int status) {
        start();
        String message = "status must be 200..999 (1xx: writeInformational, or an upgrade for 101): " + status;
        assertMessage(IllegalArgumentException.class, message, () -> res.statusCode(status));
        assertMessage(IllegalArgumentException.class, message, () -> res.writeHead(status));
        assertMessage(IllegalArgumentException.class, message, () -> res.writeHead(status, "Reason"));
        assertMessage(IllegalArgumentException.class, message, () -> res.writeHead(status, new Headers()));
        assertEquals(200, res.statusCode());
        assertFalse(res.headersSent());
        res.end();
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
    }

    @Test
    void aFramingFieldAsTrailerIsRefused() {
        start();
        assertMessage(IllegalArgumentException.class,
                "Content-Length cannot be a trailer field: it frames the message (RFC 9110 §6.5.1)",
                () -> res.addTrailers(new Headers().add("Content-Length", "3")));
        assertMessage(IllegalArgumentException.class,
                "transfer-encoding cannot be a trailer field: it frames the message (RFC 9110 §6.5.1)",
                () -> res.addTrailers(new Headers().add("transfer-encoding", "chunked")));
        res.write("abc");
        res.end();
        assertEquals(head("HTTP/1.1 200 OK", KEEP_ALIVE, "Transfer-Encoding: chunked") + "3\r\nabc\r\n0\r\n\r\n",
                server.output());
        server.finish();
    }

    @Test
    void aSecondWriteHeadRaceStillSendsOneHead() {
        start();
        res.writeHead(204);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> res.writeHead(200));
        assertInstanceOf(IllegalStateException.class, refused);
        res.end();
        assertEquals(head("HTTP/1.1 204 No Content", KEEP_ALIVE), server.output());
        server.finish();
    }
}
