package dev.h1.server.exchange;

import dev.h1.server.api.BodyListener;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ExchangeRecord;
import dev.h1.server.testing.EmbeddedServer;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.post;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exchange listener hears of each exchange once, when it is over: what was asked, what was answered, how many body
 * bytes went each way, the timings, and whether and why the connection closed.
 */
class ExchangeListenerTest {

    private final List<ExchangeRecord> records = new ArrayList<>();

    private EmbeddedServer start(dev.h1.server.api.RequestHandler handler) {
        return EmbeddedServer.start(EmbeddedServer.config().exchangeListener(records::add), handler);
    }

    @Test
    void aCompletedExchangeIsReportedOnceWithItsStatusBytesAndTimings() {
        EmbeddedServer server = start((req, res) -> res.statusCode(201).end("hello"));
        server.send(get("/a?b=c"));
        assertEquals(1, responses(server.output()).size());

        assertEquals(1, records.size());
        ExchangeRecord record = records.get(0);
        assertEquals("GET", record.request().method());
        assertEquals("/a?b=c", record.request().target());
        assertEquals(201, record.status());
        assertEquals(0, record.requestBodyBytes());
        assertEquals(5, record.responseBodyBytes());
        assertTrue(record.headNanos() >= 0);
        assertTrue(record.totalNanos() >= record.headNanos());
        assertTrue(record.completed());
        assertNull(record.closeReason(), "the connection stays open");
        assertEquals(server.channel().remoteAddress(), record.remoteAddress());
        server.finish();
    }

    @Test
    void requestBodyBytesCountWhatWasRead() {
        EmbeddedServer server = start((req, res) -> req.body(new BodyListener() {
            @Override
            public void onData(ByteBuf data) {
            }

            @Override
            public void onEnd(dev.h1.codec.Headers trailers) {
                res.end("ok");
            }
        }));
        server.send(post("/upload", "0123456789"));
        server.output();
        assertEquals(1, records.size());
        assertEquals(10, records.get(0).requestBodyBytes());
        assertEquals(2, records.get(0).responseBodyBytes());
        server.finish();
    }

    @Test
    void pipelinedExchangesAreReportedInOrder() {
        EmbeddedServer server = start((req, res) -> res.end(req.path()));
        server.send(get("/1") + get("/2") + get("/3"));
        assertEquals(3, responses(server.output()).size());
        assertEquals(List.of("/1", "/2", "/3"), records.stream().map(r -> r.request().target()).toList());
        server.finish();
    }

    @Test
    void aResponseStillBeingWrittenIsNotOverUntilItsLastByteIsWritten() {
        EmbeddedServer server = start((req, res) -> res.end("x".repeat(1000)));
        server.valve();
        server.send(get("/"));
        assertTrue(records.isEmpty(), "the end was written, not yet on the wire");
        server.valve().open();
        server.output();
        assertEquals(1, records.size());
        assertTrue(records.get(0).completed());
        server.finish();
    }

    @Test
    void theCloseReasonIsGivenWhenTheConnectionClosesAfterTheExchange() {
        EmbeddedServer server = start((req, res) -> res.end("bye"));
        server.send(get("/", "Connection: close"));
        server.output();
        assertEquals(1, records.size());
        assertEquals(CloseReason.NOT_PERSISTENT, records.get(0).closeReason());
        assertTrue(records.get(0).completed());
    }

    @Test
    void anExchangeCutShortByTheClientIsReportedAsNotCompleted() {
        EmbeddedServer server = start((req, res) -> req.body(new BodyListener() {
            @Override
            public void onData(ByteBuf data) {
            }

            @Override
            public void onEnd(dev.h1.codec.Headers trailers) {
                res.end();
            }
        }));
        server.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789");
        assertTrue(records.isEmpty());
        server.clientCloses();
        assertEquals(1, records.size());
        ExchangeRecord record = records.get(0);
        assertFalse(record.completed());
        assertEquals(0, record.status(), "no head was written");
        assertEquals(-1, record.headNanos());
        assertEquals(-1, record.totalNanos());
        assertNull(record.timeToHead());
        assertNull(record.duration());
        assertEquals(10, record.requestBodyBytes());
        assertEquals(CloseReason.CLIENT_ABORTED, record.closeReason());
    }

    @Test
    void theServersOwnErrorAnswerIsReported() {
        EmbeddedServer server = start((req, res) -> {
            throw new IllegalStateException("handler bug");
        });
        server.send(get("/"));
        server.output();
        assertEquals(1, records.size());
        assertEquals(500, records.get(0).status());
        assertEquals(CloseReason.APPLICATION_ERROR, records.get(0).closeReason());
    }

    @Test
    void aListenerThatThrowsDoesNotHurtTheConnection() {
        EmbeddedServer server = EmbeddedServer.start(EmbeddedServer.config().exchangeListener(record -> {
            throw new IllegalStateException("metrics bug");
        }), (req, res) -> res.end("ok"));
        server.send(get("/1") + get("/2"));
        assertEquals(2, responses(server.output()).size());
        assertTrue(server.isOpen());
        server.finish();
    }
}
