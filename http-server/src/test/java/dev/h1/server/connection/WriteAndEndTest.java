package dev.h1.server.connection;

import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Body writing: chunked writes, end with and without data, framing by status, method and client version. */
class WriteAndEndTest {

    private static final String CHUNKED = head("HTTP/1.1 200 OK", KEEP_ALIVE, "Transfer-Encoding: chunked");

    /** The wire text of the answer {@code handler} gives to {@code request}; asserts whether the connection stays. */
    private static String answer(String request, RequestHandler handler, boolean staysOpen) {
        EmbeddedServer server = EmbeddedServer.start(handler);
        server.send(request);
        String text = server.output();
        assertEquals(staysOpen, server.isOpen(), "connection open");
        server.finish();
        return text;
    }

    private static String answer(RequestHandler handler) {
        return answer(get("/"), handler, true);
    }

    @Test
    void writesOfStringsBytesAndBuffersAreChunkedOnHttp11() {
        String text = answer((req, res) -> {
            assertTrue(res.write("one"));
            assertTrue(res.write("twö", StandardCharsets.ISO_8859_1));
            assertTrue(res.write(new byte[]{'t', 'h', 'r', 'e', 'e'}));
            assertTrue(res.write(Unpooled.copiedBuffer("four!", StandardCharsets.US_ASCII)));
            res.end();
        });

        assertEquals(CHUNKED + "3\r\none\r\n3\r\ntw\u00f6\r\n5\r\nthree\r\n5\r\nfour!\r\n0\r\n\r\n", text);
    }

    @Test
    void aStringIsWrittenAsUtf8ByDefault() {
        String text = answer((req, res) -> res.end("\u00e9\u2713"));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE) + "\u00c3\u00a9\u00e2\u009c\u0093", text);
    }

    @Test
    void writeCopiesAByteArraySoLaterChangesDoNotShow() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> response.set(res));
        server.send(get("/"));
        byte[] bytes = "abc".getBytes(StandardCharsets.US_ASCII);
        response.get().write(bytes);
        bytes[0] = 'X';
        response.get().end(bytes);
        bytes[1] = 'Y';

        assertEquals(CHUNKED + "3\r\nabc\r\n3\r\nXbc\r\n0\r\n\r\n", server.output());
        server.finish();
    }

    @Test
    void writeTakesOwnershipOfABufferAndReleasesItOnceWritten() {
        ByteBuf data = Unpooled.directBuffer().writeBytes("owned".getBytes(StandardCharsets.US_ASCII));
        String text = answer((req, res) -> {
            res.write(data);
            res.end();
        });

        assertEquals(CHUNKED + "5\r\nowned\r\n0\r\n\r\n", text);
        assertEquals(0, data.refCnt());
    }

    @Test
    void aWriteOver64KibIsOneChunk() {
        String big = "x".repeat(70_000);
        String text = answer((req, res) -> {
            res.write(big);
            res.end();
        });

        assertEquals(CHUNKED + "11170\r\n" + big + "\r\n0\r\n\r\n", text);
    }

    @Test
    void anEmptyWriteWritesNoEmptyChunk() {
        String text = answer((req, res) -> {
            res.write("");
            res.write(new byte[0]);
            res.write(Unpooled.EMPTY_BUFFER);
            res.write("a");
            res.write("");
            res.end();
        });

        assertEquals(CHUNKED + "1\r\na\r\n0\r\n\r\n", text);
    }

    @Test
    void manySmallWritesKeepTheirOrder() {
        StringBuilder expected = new StringBuilder(CHUNKED);
        String text = answer((req, res) -> {
            for (int i = 0; i < 500; i++) {
                res.write(Integer.toString(i));
            }
            res.end();
        });
        for (int i = 0; i < 500; i++) {
            String piece = Integer.toString(i);
            expected.append(piece.length()).append("\r\n").append(piece).append("\r\n");
        }

        assertEquals(expected.append("0\r\n\r\n").toString(), text);
    }

    @Test
    void eachWriteIsFlushed() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> response.set(res));
        server.send(get("/"));

        response.get().write("a");
        assertEquals(CHUNKED + "1\r\na\r\n", server.output());
        response.get().write("bc");
        assertEquals("2\r\nbc\r\n", server.output());
        response.get().end("d");
        assertEquals("1\r\nd\r\n0\r\n\r\n", server.output());
        server.finish();
    }

    @Test
    void writeReturnsFalseWhileTheConnectionIsUnwritableAndOnDrainRunsWhenItIsWritableAgain() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> response.set(res));
        server.send(get("/"));
        ServerResponse res = response.get();
        List<String> drained = new ArrayList<>();
        res.onDrain(() -> drained.add("drain"));

        assertTrue(res.write("a"));
        // stands in for a full socket buffer
        server.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        assertFalse(res.write("b"), "the caller should wait");
        assertEquals(List.of(), drained);

        server.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        server.channel().runPendingTasks();
        assertEquals(List.of("drain"), drained);
        res.end();
        assertEquals(CHUNKED + "1\r\na\r\n1\r\nb\r\n0\r\n\r\n", server.output(), "nothing is lost meanwhile");
        server.finish();
    }

    @Test
    void endWithDataBeforeAnyWriteSetsContentLength() {
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE) + "hello",
                answer((req, res) -> res.end("hello")));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 3", KEEP_ALIVE) + "abc",
                answer((req, res) -> res.end(new byte[]{'a', 'b', 'c'})));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", KEEP_ALIVE) + "buff",
                answer((req, res) -> res.end(Unpooled.copiedBuffer("buff", StandardCharsets.US_ASCII))));
    }

    @Test
    void endWithoutDataSetsContentLengthZero() {
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), answer((req, res) -> res.end()));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), answer((req, res) -> res.end("")));
    }

    @Test
    void endWithDataAfterAWriteIsTheLastChunk() {
        String text = answer((req, res) -> {
            res.write("first ");
            res.end("last");
        });

        assertEquals(CHUNKED + "6\r\nfirst \r\n4\r\nlast\r\n0\r\n\r\n", text);
    }

    @Test
    void endIsIdempotentAndReturnsTheSameStage() {
        AtomicReference<CompletionStage<Void>> first = new AtomicReference<>();
        AtomicReference<CompletionStage<Void>> second = new AtomicReference<>();
        String text = answer((req, res) -> {
            first.set(res.end("once"));
            second.set(res.end());
        });

        assertSame(first.get(), second.get());
        assertTrue(succeeded(first.get()));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", KEEP_ALIVE) + "once", text);
    }

    @Test
    void aContentLengthSetByTheApplicationFramesWrites() {
        String text = answer((req, res) -> {
            res.setHeader("Content-Length", "5");
            res.write("hel");
            res.end("lo");
        });

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE) + "hello", text);
    }

    @Test
    void aHeadRequestGetsTheLengthButNoBody() {
        String text = answer("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", (req, res) -> res.end("hello"), true);

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 5", KEEP_ALIVE), text);
    }

    /**
     * Bug 5 of the server-core issue: a bare {@code end()} to HEAD announced {@code Content-Length: 0}, a length the
     * GET body does not have. RFC 9110 §9.3.2, §8.6: the length a GET would get, or none.
     */
    @Test
    void aHeadRequestEndedWithoutABodyAnnouncesNoLength() {
        String text = answer("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", (req, res) -> res.end(), true);

        assertEquals(head("HTTP/1.1 200 OK", KEEP_ALIVE), text);
    }

    @Test
    void aHeadRequestKeepsTheLengthTheApplicationSet() {
        String text = answer("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n",
                (req, res) -> res.setHeader("Content-Length", "42").end(), true);

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 42", KEEP_ALIVE), text);
    }

    @Test
    void writesToAHeadRequestWriteNothing() {
        String text = answer("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", (req, res) -> {
            assertTrue(res.write("ignored"));
            res.end("also ignored");
        }, true);

        assertEquals(head("HTTP/1.1 200 OK", KEEP_ALIVE), text);
    }

    @Test
    void noContentAndNotModifiedCarryNoBodyAndNoLength() {
        assertEquals(head("HTTP/1.1 204 No Content", KEEP_ALIVE),
                answer((req, res) -> res.statusCode(204).end("ignored")));
        assertEquals(head("HTTP/1.1 304 Not Modified", "ETag: \"v1\"", KEEP_ALIVE),
                answer((req, res) -> res.statusCode(304).setHeader("ETag", "\"v1\"").end()));
        assertEquals(head("HTTP/1.1 204 No Content", KEEP_ALIVE), answer((req, res) -> {
            res.statusCode(204);
            res.write("ignored");
            res.end();
        }));
    }

    @Test
    void anHttp10ClientWithoutLengthGetsACloseDelimitedBody() {
        String text = answer("GET / HTTP/1.0\r\n\r\n", (req, res) -> {
            res.write("streamed ");
            res.end("body");
        }, false);

        assertEquals(head("HTTP/1.1 200 OK", "Connection: close") + "streamed body", text);
    }

    @Test
    void anHttp10KeepAliveClientWithoutLengthIsStillClosed() {
        String text = answer("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", (req, res) -> {
            res.write("a");
            res.end();
        }, false);

        assertEquals(head("HTTP/1.1 200 OK", "Connection: close") + "a", text);
    }

    @Test
    void anHttp10KeepAliveClientWithEndDataGetsContentLengthAndStaysOpen() {
        String text = answer("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", (req, res) -> res.end("a"), true);

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 1", "Connection: keep-alive", KEEP_ALIVE) + "a", text);
    }

    @Test
    void theResponseClosesTheConnectionWhenTheApplicationSetsConnectionClose() {
        String text = answer(get("/"), (req, res) -> res.setHeader("Connection", "close").end("bye"), false);

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 3", "Connection: close") + "bye", text);
    }

    @Test
    void aSecondRequestOnTheConnectionIsAnsweredAfterTheFirstEnds() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> res.end(req.path()));
        server.send(get("/one") + get("/two"));

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 4", KEEP_ALIVE) + "/one"
                + head("HTTP/1.1 200 OK", "Content-Length: 4", KEEP_ALIVE) + "/two", server.output());
        assertTrue(server.isOpen());
        server.finish();
    }

    @Test
    void finishedFailsNotWhenTheConnectionStaysOpen() {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        String text = answer((req, res) -> {
            response.set(res);
            res.end();
        });

        assertFalse(response.get().isAborted());
        assertTrue(succeeded(response.get().finished()));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), text);
    }
}
