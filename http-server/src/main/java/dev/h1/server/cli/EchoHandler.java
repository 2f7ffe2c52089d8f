package dev.h1.server.cli;

import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;

import java.nio.charset.StandardCharsets;

/**
 * {@code --echo} mode: every request, whatever its method and target, is answered 200 with its {@link EchoJson}
 * description as {@code application/json} with a Content-Length. The body is aggregated up to {@value #MAX_BODY_BYTES}
 * bytes; beyond that the server answers 413 and closes. Malformed requests never get here: they get the server's
 * normal error answer. This lets h1 be tested side by side with other servers.
 *
 * <p>Thread-safe (stateless); runs on the connection's event loop.
 */
final class EchoHandler implements RequestHandler {

    static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        req.bodyBytes(MAX_BODY_BYTES).thenAccept(body -> {
            String json = EchoJson.render(req.method(), req.url(), req.version().text(), req.headers(), body);
            res.setHeader("Content-Type", "application/json");
            res.end(json.getBytes(StandardCharsets.US_ASCII));
        }); // failed (too large, aborted): the connection has answered 413 or is gone
    }
}
