package dev.h1.tests.fuzz;

import dev.h1.tests.conformance.Printable;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a server's output as a client would, with Netty's {@link HttpResponseDecoder}: the responses in order, each
 * with its head and body, and whether it was complete when the output ended. Like Netty's client codec, it knows which
 * final response answers a HEAD request (no body, whatever its head announces); 1xx responses answer no request.
 */
final class ResponseReader {

    private ResponseReader() {
    }

    /**
     * One response, interim or final.
     *
     * @param complete whether its end arrived (framing satisfied, or the output's end for a close-delimited body)
     */
    record Response(String version, int status, String reason, HttpHeaders headers, String body, boolean complete) {

        boolean isInterim() {
            return status < 200;
        }

        boolean closesConnection() {
            return headers.containsValue("Connection", "close", true);
        }

        @Override
        public String toString() {
            return version + " " + status + " " + reason + (complete ? "" : " (incomplete)") + " " + headers.entries()
                    + " body " + Printable.of(body);
        }
    }

    /**
     * @param responses every response read, in order
     * @param malformed why the output is not well-formed HTTP/1.1 responses (Netty's decoder failed), or null
     */
    record Responses(List<Response> responses, String malformed) {
    }

    /** The responses in {@code output}, which ends where the connection ended; {@code methods}: of the requests. */
    static Responses read(byte[] output, List<String> methods) {
        EmbeddedChannel channel = new EmbeddedChannel(new MethodAwareDecoder(methods));
        List<Response> responses = new ArrayList<>();
        String malformed = null;
        HttpResponse head = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(output));
            channel.finish(); // the end of the output is the end of the connection
            for (Object msg; (msg = channel.readInbound()) != null; ) {
                try {
                    if (malformed != null) {
                        continue;
                    }
                    HttpObject object = (HttpObject) msg;
                    if (object.decoderResult().isFailure()) {
                        malformed = "after " + responses.size() + " responses: " + object.decoderResult().cause();
                        continue;
                    }
                    if (object instanceof HttpResponse response) {
                        head = response;
                        body.reset();
                    }
                    if (object instanceof HttpContent content) {
                        body.writeBytes(ByteBufUtil.getBytes(content.content()));
                    }
                    if (object instanceof LastHttpContent && head != null) {
                        responses.add(response(head, body, true));
                        head = null;
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        if (head != null && malformed == null) {
            responses.add(response(head, body, false));
        }
        return new Responses(responses, malformed);
    }

    private static Response response(HttpResponse head, ByteArrayOutputStream body, boolean complete) {
        return new Response(head.protocolVersion().text(), head.status().code(), head.status().reasonPhrase(),
                head.headers(), body.toString(StandardCharsets.ISO_8859_1), complete);
    }

    /** {@link HttpResponseDecoder} that reads no body for the final response to a HEAD request (RFC 9110 §9.3.2). */
    private static final class MethodAwareDecoder extends HttpResponseDecoder {
        private final List<String> methods;
        private int finals;

        MethodAwareDecoder(List<String> methods) {
            this.methods = methods;
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            if (((HttpResponse) msg).status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                return super.isContentAlwaysEmpty(msg); // answers no request
            }
            int index = finals++; // called once per response head, as in Netty's HttpClientCodec
            return index < methods.size() && methods.get(index).equals("HEAD") || super.isContentAlwaysEmpty(msg);
        }
    }
}
