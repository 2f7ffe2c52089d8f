package dev.h1.server.cli;

import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The demo server's routes, matched on the raw path of the request-target:
 * <pre>
 * GET  /            an HTML page listing the routes
 * GET  /plaintext   "Hello, World!" as text/plain with Content-Length (the TechEmpower plaintext test)
 * POST /echo        the request body streamed back ({@link BodyEcho})
 * GET  /stream      a chunked text/plain response written in {@value #STREAM_PARTS} parts
 * GET  /files/...   files under --dir ({@link FileRoute})
 * </pre>
 * Unknown paths are 404; a known path with another method is 405 with {@code Allow}. {@code HEAD} is accepted wherever
 * {@code GET} is (RFC 9110 §9.3.2); the server sends the head without the body.
 *
 * <p>Thread-safe (immutable); runs on the connection's event loop.
 */
final class Routes implements RequestHandler {

    static final String PLAINTEXT = "Hello, World!";
    /**
     * The plaintext body, encoded once: each response wraps the shared array (nothing writes to it) instead of
     * encoding the string again, as a tuned server writes a constant body.
     */
    private static final byte[] PLAINTEXT_BODY = PLAINTEXT.getBytes(StandardCharsets.US_ASCII);
    static final int STREAM_PARTS = 5;

    private static final String GET_ONLY = "GET, HEAD";
    private static final String INDEX = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>h1</title></head>
            <body>
            <h1>h1</h1>
            <p>A strict, fast HTTP/1.1 server for Netty. Routes:</p>
            <ul>
            <li><code>GET /</code>: this page</li>
            <li><a href="/plaintext"><code>GET /plaintext</code></a>: <code>Hello, World!</code></li>
            <li><code>POST /echo</code>: the request body, streamed back</li>
            <li><a href="/stream"><code>GET /stream</code></a>: a chunked response in several parts</li>
            <li><code>GET /files/&lt;path&gt;</code>: files under <code>--dir</code></li>
            </ul>
            </body>
            </html>
            """;

    private final FileRoute files;
    private final boolean blocking;

    /** @param dir the directory served under {@code /files/}, or {@code null} for none */
    Routes(Path dir) {
        this(dir, false);
    }

    /**
     * @param dir      the directory served under {@code /files/}, or {@code null} for none
     * @param blocking whether the handler runs on a thread pool ({@code --handler-threads}): {@code /echo} then copies
     *                 the body in blocking style, from {@code req.bodyStream()} to {@code res.outputStream()}
     */
    Routes(Path dir, boolean blocking) {
        this.files = new FileRoute(dir);
        this.blocking = blocking;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        // equals, not a switch on the string: a switch hashes every (freshly decoded) path before it compares, which
        // showed as 7% of PipelineBenchmark's h1Plaintext profile; equals first compares lengths.
        String path = req.path();
        if (path.equals("/plaintext")) {
            if (isGet(req, res)) {
                res.setHeader("Content-Type", "text/plain");
                res.end(Unpooled.wrappedBuffer(PLAINTEXT_BODY));
            }
        } else if (path.equals("/echo")) {
            if (req.method().equals("POST")) {
                if (blocking) {
                    BodyEcho.serveBlocking(req, res);
                } else {
                    BodyEcho.serve(req, res);
                }
            } else {
                Replies.methodNotAllowed(res, "POST");
            }
        } else if (path.equals("/")) {
            if (isGet(req, res)) {
                res.setHeader("Content-Type", "text/html; charset=utf-8");
                res.end(INDEX);
            }
        } else if (path.equals("/stream")) {
            if (isGet(req, res)) {
                stream(res);
            }
        } else if (!path.startsWith(FileRoute.PREFIX)) {
            Replies.status(res, 404);
        } else if (isGet(req, res)) {
            files.serve(req, res);
        }
    }

    /** Whether the method is GET or HEAD; otherwise answers 405 and returns false. */
    private static boolean isGet(ServerRequest req, ServerResponse res) {
        String method = req.method();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        Replies.methodNotAllowed(res, GET_ONLY);
        return false;
    }

    /** Several writes before {@code end()}: the response is chunked (RFC 9112 §7.1), one chunk per write. */
    private static void stream(ServerResponse res) {
        res.setHeader("Content-Type", Replies.TEXT_PLAIN);
        for (int part = 1; part <= STREAM_PARTS; part++) {
            res.write("part " + part + " of " + STREAM_PARTS + "\n");
        }
        res.end();
    }
}
