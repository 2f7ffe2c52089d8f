package dev.h1.tests.fuzz;

import dev.h1.codec.Headers;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The application of {@link PipelineFuzzTest}: answers every request 200 with {@code "<method> <target>\n"} followed
 * by the request body, framed with a Content-Length (the body aggregated, then {@code end(bytes)}) or chunked (the
 * prefix written at once, each body piece written as it arrives, then {@code end()}), as
 * {@link PipelineInput#echoesChunked} says for the request's index on the connection. It honours back-pressure:
 * a {@code write} that returns false pauses the body until the drain.
 *
 * <p>It never fails on purpose: any exception from the response API is a problem of the run. Runs on the channel's
 * event loop (the test thread of an {@code EmbeddedChannel}).
 */
final class EchoHandler implements RequestHandler {

    /** Far above any body of an input (at most 4 KiB), so the application's own limit never answers 413. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final PipelineInput input;
    private final List<String> problems;
    private int requests;

    EchoHandler(PipelineInput input, List<String> problems) {
        this.input = input;
        this.problems = problems;
    }

    /** What the echo of a request with this method, target and body is. */
    static String echo(String method, String target, String body) {
        return method + " " + target + "\n" + body;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        byte[] prefix = echo(req.method(), req.url(), "").getBytes(StandardCharsets.ISO_8859_1);
        res.setHeader("Content-Type", "text/plain; charset=iso-8859-1");
        if (input.echoesChunked(requests++)) {
            streamChunked(req, res, prefix);
        } else {
            req.bodyBytes(MAX_BODY_BYTES).whenComplete((body, failure) -> {
                if (failure == null) { // else the server answers or closes by itself
                    guard("end(bytes)", () -> res.end(concat(prefix, body)));
                }
            });
        }
    }

    private void streamChunked(ServerRequest req, ServerResponse res, byte[] prefix) {
        res.onDrain(req::resume);
        res.write(prefix);
        req.body(new BodyListener() {
            @Override
            public void onData(ByteBuf data) {
                guard("write(piece)", () -> {
                    if (!res.write(data.retainedSlice())) { // write takes our reference
                        req.pause();
                    }
                });
            }

            @Override
            public void onEnd(Headers trailers) {
                guard("end()", res::end);
            }
        });
    }

    private void guard(String call, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            problems.add("the echo's " + call + " threw " + e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
