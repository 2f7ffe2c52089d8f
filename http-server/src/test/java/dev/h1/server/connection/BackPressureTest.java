package dev.h1.server.connection;

import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Response;
import dev.h1.server.testing.Valve;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Back-pressure: the channel's write-buffer water marks decide writability, {@code write()} returns {@code false}
 * above the high mark, and the response's drain listeners run when the channel is writable again. A {@link Valve}
 * holds flushes back, as a socket that does not drain, so written bytes stay in the outbound buffer.
 */
class BackPressureTest {

    /** An application that starts a streamed response and keeps its handle. */
    private static final class Streaming {
        final List<Boolean> writes = new ArrayList<>();
        final List<String> drained = new ArrayList<>();
        ServerResponse response;

        void handle(ServerRequest req, ServerResponse res) {
            response = res;
            res.onDrain(() -> drained.add("drain"));
            writes.add(res.write("0123456789abcdef0123456789"));
        }
    }

    @Test
    void writeReturnsFalseAboveTheHighWaterMarkAndTheDrainListenerRunsWhenWritable() {
        Streaming app = new Streaming();
        EmbeddedServer server = EmbeddedServer.start(config().writeBufferWaterMarks(8, 16), app::handle);
        Valve valve = server.valve();

        server.send(get("/"));
        assertEquals(List.of(false), app.writes, "26 bytes wait in a 16-byte buffer");
        assertFalse(server.channel().isWritable());
        assertEquals(List.of(), app.drained);

        valve.open();

        assertTrue(server.channel().isWritable());
        assertEquals(List.of("drain"), app.drained);
        app.response.end();
        assertEquals("0123456789abcdef0123456789", responses(server.output()).get(0).body());
        server.finish();
    }

    @Test
    void drainListenersRunOnlyAfterAWriteThatReturnedFalse() {
        List<String> drained = new ArrayList<>();
        ServerResponse[] held = new ServerResponse[1];
        EmbeddedServer server = EmbeddedServer.start(config().writeBufferWaterMarks(8, 16), (req, res) -> {
            held[0] = res;
            res.onDrain(() -> drained.add("drain"));
            res.flushHeaders(); // the head alone fills the buffer past the high mark, but no write() said false
        });
        Valve valve = server.valve();

        server.send(get("/"));
        assertFalse(server.channel().isWritable());
        valve.open();

        assertTrue(server.channel().isWritable());
        assertEquals(List.of(), drained, "Node's 'drain' follows only a write() that returned false");
        held[0].end();
        server.output();
        server.finish();
    }

    @Test
    void writeReturnsTrueWhileTheBufferIsBelowTheHighWaterMark() {
        Streaming app = new Streaming();
        EmbeddedServer server = EmbeddedServer.start(config(), app::handle);
        server.valve();

        server.send(get("/"));

        assertEquals(List.of(true), app.writes, "64 KiB by default");
        assertTrue(server.channel().isWritable());
        server.valve().open();
        app.response.end();
        assertEquals(1, responses(server.output()).size());
        assertEquals(List.of(), app.drained, "never unwritable, so never drained");
        server.finish();
    }

    @Test
    void aWriterThatWaitsForDrainEventsStreamsTheWholeBody() {
        List<String> log = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start(config().writeBufferWaterMarks(8, 16), (req, res) -> {
            int[] next = {0};
            Runnable pump = new Runnable() {
                @Override
                public void run() {
                    while (next[0] < 5) {
                        boolean more = res.write("piece-" + next[0]++ + ";");
                        log.add("wrote " + (next[0] - 1));
                        if (!more) {
                            return; // wait for the drain listener
                        }
                    }
                    if (!res.writableEnded()) {
                        res.end();
                    }
                }
            };
            res.onDrain(pump);
            pump.run();
        });
        Valve valve = server.valve();

        server.send(get("/"));
        assertEquals(List.of("wrote 0"), log, "stops at the first refusal");
        valve.open();

        assertEquals(List.of("wrote 0", "wrote 1", "wrote 2", "wrote 3", "wrote 4"), log);
        Response response = responses(server.output()).get(0);
        assertEquals("piece-0;piece-1;piece-2;piece-3;piece-4;", response.body());
        assertEquals("chunked", response.field("Transfer-Encoding"));
        server.finish();
    }

    @Test
    void writabilityChangesOutsideAnExchangeAreHarmless() {
        EmbeddedServer server = EmbeddedServer.start(config().writeBufferWaterMarks(8, 16), (req, res) -> res.end());

        server.channel().pipeline().fireChannelWritabilityChanged();
        server.send(get("/"));
        server.channel().pipeline().fireChannelWritabilityChanged();

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), server.output());
        assertNull(server.closeReason());
        server.finish();
    }

    @Test
    void aFailingDrainListenerIsAnApplicationError() {
        EmbeddedServer server = EmbeddedServer.start(config().writeBufferWaterMarks(8, 16), (req, res) -> {
            res.onDrain(() -> {
                throw new IllegalStateException("drain failed");
            });
            res.write("0123456789abcdef0123456789");
        });
        Valve valve = server.valve();

        server.send(get("/"));
        valve.open();

        // The head is out: no 500 can follow, only the close (SERVER.md: "otherwise close").
        assertEquals(head("HTTP/1.1 200 OK", KEEP_ALIVE, "Transfer-Encoding: chunked")
                + "1a\r\n0123456789abcdef0123456789\r\n", server.output());
        assertEquals(CloseReason.APPLICATION_ERROR, server.closeReason());
        server.finish();
    }

    /**
     * Bodies over the encoder's copy limit (1 KiB) go to the channel's outbound buffer as they are written, so that one
     * answer puts it past the high mark; smaller answers wait in the encoder for the flush at the end of the read.
     */
    @Test
    void pipelinedRequestsWaitWithReadingOffWhileTheClientDoesNotReadItsResponses() {
        List<String> handled = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start(config().writeBufferWaterMarks(8, 16), (req, res) -> {
            handled.add(req.url());
            res.end(req.url().repeat(1000));
        });
        Valve valve = server.valve();

        server.send(get("/a") + get("/b") + get("/c"));
        assertEquals(List.of("/a"), handled, "/a's answer waits in the outbound buffer, past the high mark");
        assertFalse(server.channel().isWritable());
        assertFalse(server.isAutoRead(), "no more is read while the client does not read");
        assertEquals("", server.output());

        valve.drain(); // the client reads /a's answer: the buffer is empty, below the low mark
        assertEquals(List.of("/a", "/b"), handled);
        assertEquals(List.of("/a"), paths(server.output()));
        assertFalse(server.channel().isWritable(), "/b's answer fills the buffer again");
        assertFalse(server.isAutoRead(), "/c waits, and reading with it");

        valve.open();
        assertEquals(List.of("/a", "/b", "/c"), handled);
        assertEquals(List.of("/b", "/c"), paths(server.output()));
        assertTrue(server.channel().isWritable());
        assertTrue(server.isAutoRead(), "nothing waits any more: reading resumes");
        assertNull(server.closeReason());
        server.finish();
    }

    /** The path each response in {@code output} answers, as the handler above repeats it as the body. */
    private static List<String> paths(String output) {
        return responses(output).stream().map(response -> {
            String path = response.body().substring(0, 2);
            assertEquals(path.repeat(1000), response.body());
            return path;
        }).toList();
    }

    @Test
    void theWaterMarksOfTheConfigAreTheChannels() {
        EmbeddedServer server = EmbeddedServer.start(config().writeBufferWaterMarks(8, 16), (req, res) -> res.end());

        assertEquals(8, server.channel().config().getWriteBufferLowWaterMark());
        assertEquals(16, server.channel().config().getWriteBufferHighWaterMark());
        server.finish();
    }
}
