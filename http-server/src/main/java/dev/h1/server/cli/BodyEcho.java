package dev.h1.server.cli;

import dev.h1.codec.Headers;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * {@code POST /echo}: streams the request body back as it arrives, with the request's {@code Content-Type}, holding
 * at most about one high-water mark of it in memory whatever its size.
 *
 * <p><b>Back-pressure:</b> when {@link ServerResponse#write} returns {@code false} the request is paused (no more
 * reads from the socket) until the response drains ({@link ServerResponse#drained}, asked for only then, as Node's
 * {@code res.once('drain', ...)}: an echo that never waits registers nothing), which resumes it. So a client
 * must read the response while it sends (curl does); one that reads only after sending everything, such as the JDK's
 * {@code HttpClient}, stalls once the body outgrows the socket buffers and the high-water mark, as against any echo
 * with bounded memory.
 *
 * <p>Runs on the connection's event loop (the listener's callbacks do). <b>Buffers.</b> Each piece is lent to
 * {@link #onData}; it is retained once and that reference handed to {@link ServerResponse#write(ByteBuf)}.
 */
final class BodyEcho implements BodyListener {

    private final ServerRequest req;
    private final ServerResponse res;

    private BodyEcho(ServerRequest req, ServerResponse res) {
        this.req = req;
        this.res = res;
    }

    static void serve(ServerRequest req, ServerResponse res) {
        copyHead(req, res);
        req.body(new BodyEcho(req, res));
    }

    /**
     * The same echo in blocking style, for a handler on a thread pool ({@code --handler-threads}): reads block until
     * body bytes arrive, writes block while the response is above the high-water mark, so memory stays bounded the
     * same way. Never on the event loop.
     */
    static void serveBlocking(ServerRequest req, ServerResponse res) {
        copyHead(req, res);
        byte[] buffer = new byte[8192];
        try (InputStream in = req.bodyStream(); OutputStream out = res.outputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the connection failed under the copy: answered or closed by h1
        }
    }

    private static void copyHead(ServerRequest req, ServerResponse res) {
        String type = req.header("Content-Type");
        if (type != null) {
            res.setHeader("Content-Type", type);
        }
        String length = req.header("Content-Length");
        if (length != null) {
            // the decoder validated it, and exactly that many bytes come back: no need for chunked framing
            res.setHeader("Content-Length", length);
        }
    }

    @Override
    public void onData(ByteBuf data) {
        if (!res.write(data.retain())) {
            req.pause();
            res.drained().thenRun(req::resume);
        }
    }

    @Override
    public void onEnd(Headers trailers) {
        res.end();
    }
}
