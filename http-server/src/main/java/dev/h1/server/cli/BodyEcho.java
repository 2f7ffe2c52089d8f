package dev.h1.server.cli;

import dev.h1.codec.Headers;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import io.netty.buffer.ByteBuf;

/**
 * {@code POST /echo}: streams the request body back as it arrives, with the request's {@code Content-Type}, holding
 * at most about one high-water mark of it in memory whatever its size.
 *
 * <p><b>Back-pressure:</b> when {@link ServerResponse#write} returns {@code false} the request is paused (no more
 * reads from the socket) until the response drains ({@link ServerResponse#onDrain}), which resumes it. So a client
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
        String type = req.header("Content-Type");
        if (type != null) {
            res.setHeader("Content-Type", type);
        }
        String length = req.header("Content-Length");
        if (length != null) {
            // the decoder validated it, and exactly that many bytes come back: no need for chunked framing
            res.setHeader("Content-Length", length);
        }
        res.onDrain(req::resume);
        req.body(new BodyEcho(req, res));
    }

    @Override
    public void onData(ByteBuf data) {
        if (!res.write(data.retain())) {
            req.pause();
        }
    }

    @Override
    public void onEnd(Headers trailers) {
        res.end();
    }
}
