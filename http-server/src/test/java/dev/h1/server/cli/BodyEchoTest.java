package dev.h1.server.cli;

import dev.h1.codec.Headers;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The back-pressure of {@code POST /echo} against recording stand-ins for the request and the response: a full
 * response pauses the request, a drain resumes it. Channel-free; every buffer handed to the response is released.
 */
class BodyEchoTest {

    /** Calls made on the stand-ins, in order, as "name arg". */
    private final List<String> calls = new ArrayList<>();
    private final StringBuilder written = new StringBuilder();
    private BodyListener listener;
    /** The one-shot drain the echo asked for, if it did. */
    private CompletableFuture<Void> drained;
    private boolean responseWritable = true;

    private ServerRequest request(Map<String, String> headers) {
        return (ServerRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServerRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "header" -> headers.get((String) args[0]);
                    case "body" -> {
                        listener = (BodyListener) args[0];
                        yield null;
                    }
                    case "pause", "resume" -> {
                        calls.add(method.getName());
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ServerResponse response() {
        return (ServerResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServerResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setHeader" -> {
                        calls.add("setHeader " + args[0] + ": " + args[1]);
                        yield proxy;
                    }
                    case "drained" -> {
                        drained = new CompletableFuture<>();
                        yield drained;
                    }
                    case "write" -> {
                        ByteBuf data = (ByteBuf) args[0]; // R6: the response owns it now
                        written.append(data.toString(StandardCharsets.US_ASCII));
                        data.release();
                        calls.add("write");
                        yield responseWritable;
                    }
                    case "end" -> {
                        calls.add("end");
                        yield CompletableFuture.completedFuture(null);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void data(String text) throws Exception {
        ByteBuf lent = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
        try {
            listener.onData(lent);
        } finally {
            lent.release(); // the lender's reference (R6)
        }
        assertEquals(0, lent.refCnt(), "the echo kept no reference of its own");
    }

    @Test
    void copiesContentTypeAndLengthThenStreamsTheBodyBack() throws Exception {
        BodyEcho.serve(request(Map.of("Content-Type", "text/x", "Content-Length", "10")), response());

        assertNotNull(listener);
        data("hello");
        data("world");
        listener.onEnd(Headers.empty());

        assertEquals("helloworld", written.toString());
        assertEquals(List.of("setHeader Content-Type: text/x", "setHeader Content-Length: 10", "write", "write",
                "end"), calls);
    }

    @Test
    void pausesTheRequestWhileTheResponseIsFullAndResumesOnDrain() throws Exception {
        BodyEcho.serve(request(Map.of()), response());

        data("x");
        assertNull(drained, "no wait asked for while writes go through (Node: once('drain') only when needed)");
        responseWritable = false;
        data("a");
        responseWritable = true;
        drained.complete(null);
        data("b");
        listener.onEnd(Headers.empty());

        assertEquals("xab", written.toString());
        assertEquals(List.of("write", "write", "pause", "resume", "write", "end"), calls);
    }
}
