package dev.h1.server.connection;

import dev.h1.server.pipeline.ConnectionGroup;
import dev.h1.codec.EncoderConfig;
import dev.h1.codec.HttpStatus;
import dev.h1.server.api.CloseReason;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.ConnectionListener;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.pipeline.HttpServerInitializer;
import dev.h1.testing.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Test support: h1's real pipeline ({@link HttpServerInitializer#install}) on an {@link EmbeddedChannel} with a frozen
 * scheduler clock and a fixed {@code Date}, so that every response is exact wire text and every timeout is driven by
 * {@link #advance(Duration)} (no sleeps). Records the connection's open and close notifications.
 *
 * <p>The channel's write-buffer water marks are set from the config (what {@code HttpServer} does with its child
 * options). Outbound bytes are read as ISO-8859-1 text and released here; {@link #finish()} ends every test.
 */
final class EmbeddedServer {

    /** The Date line of every response: RFC 9110 §5.6.7's example instant, from the fixed encoder clock. */
    static final String DATE = "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n";

    private static final Clock FIXED = Clock.fixed(Instant.ofEpochMilli(784_111_777_000L), ZoneOffset.UTC);

    final EmbeddedChannel channel;
    private final List<String> events = new ArrayList<>();
    private HttpConnection connection;
    private Valve valve;

    private EmbeddedServer(ConnectionConfig config, RequestHandler handler, ConnectionGroup group) {
        ConnectionListener own = config.connectionListener();
        ConnectionConfig recorded = config.toBuilder()
                .encoder(new EncoderConfig(config.encoder().server(), FIXED))
                .connectionListener(new ConnectionListener() {
                    @Override
                    public void onOpen(HttpConnection opened) {
                        connection = opened;
                        events.add("open");
                        if (own != null) {
                            own.onOpen(opened);
                        }
                    }

                    @Override
                    public void onClose(HttpConnection closed, CloseReason reason) {
                        events.add("close " + reason);
                        if (own != null) {
                            own.onClose(closed, reason);
                        }
                    }
                })
                .build();
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(
                config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()));
        HttpServerInitializer.install(channel.pipeline(), recorded, handler, group);
    }

    /** The defaults of {@link ConnectionConfig}, to adjust per test. */
    static ConnectionConfig.Builder config() {
        return ConnectionConfig.builder();
    }

    static EmbeddedServer start(RequestHandler handler) {
        return new EmbeddedServer(ConnectionConfig.defaults(), handler, null);
    }

    static EmbeddedServer start(ConnectionConfig.Builder config, RequestHandler handler) {
        return new EmbeddedServer(config.build(), handler, null);
    }

    /** Like {@link #start(ConnectionConfig.Builder, RequestHandler)}, with the {@link ConnectionGroup} tracking it. */
    static EmbeddedServer start(ConnectionConfig.Builder config, RequestHandler handler, ConnectionGroup group) {
        return new EmbeddedServer(config.build(), handler, group);
    }

    /** A GET request for {@code target} with a Host field and {@code fieldLines}. */
    static String get(String target, String... fieldLines) {
        return Wire.head("GET " + target + " HTTP/1.1", concat("Host: x", fieldLines));
    }

    /** A POST request for {@code target} whose body is {@code body}, framed by Content-Length. */
    static String post(String target, String body, String... fieldLines) {
        return Wire.head("POST " + target + " HTTP/1.1",
                concat("Host: x", concat("Content-Length: " + body.length(), fieldLines))) + body;
    }

    /** The head of a response: the status line, each field line, the fixed Date line and the empty line. */
    static String head(String statusLine, String... fieldLines) {
        return Wire.lines(statusLine) + Wire.lines(fieldLines) + DATE + Wire.CRLF;
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** The client sends {@code raw} (ISO-8859-1) in one read; pending tasks run afterwards. */
    EmbeddedServer send(String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        return this;
    }

    /** Everything written to the client since the last call, as text; runs pending tasks first. */
    String output() {
        channel.runPendingTasks();
        StringBuilder text = new StringBuilder();
        for (Object piece; (piece = channel.readOutbound()) != null; ) {
            try {
                text.append(((ByteBuf) piece).toString(StandardCharsets.ISO_8859_1));
            } finally {
                ReferenceCountUtil.release(piece);
            }
        }
        return text.toString();
    }

    /** Moves the scheduler clock and runs what became due (timeouts, and what they scheduled). */
    EmbeddedServer advance(Duration time) {
        channel.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
        return this;
    }

    EmbeddedServer advanceSeconds(long seconds) {
        return advance(Duration.ofSeconds(seconds));
    }

    /** The connection as listeners see it. */
    HttpConnection connection() {
        return connection;
    }

    /** "open", then "close REASON" once closed. */
    List<String> events() {
        return List.copyOf(events);
    }

    /** The reason the connection closed with, or {@code null} while it is open (pending tasks run first). */
    CloseReason closeReason() {
        channel.runPendingTasks();
        return connection.closeFuture().toCompletableFuture().getNow(null);
    }

    boolean isOpen() {
        channel.runPendingTasks();
        return channel.isOpen();
    }

    boolean isAutoRead() {
        return channel.config().isAutoRead();
    }

    /**
     * Holds back flushes from now on, as a socket that does not drain: written bytes stay in the channel's outbound
     * buffer and count against its water marks.
     */
    Valve valve() {
        if (valve == null) {
            valve = new Valve();
            channel.pipeline().addFirst("test-valve", valve);
        }
        return valve;
    }

    /** The client goes away (the transport closes). */
    void clientCloses() {
        channel.close();
        channel.runPendingTasks();
    }

    /** Ends the test: closes the channel and asserts that nothing was left unread (everything is released). */
    void finish() {
        assertEquals("", output(), "unread output at the end of the test");
        assertFalse(channel.finishAndReleaseAll(), "messages left in the channel");
    }

    /**
     * Splits client-side text into the responses it holds, framed as a client would frame them (RFC 9112 §6.3):
     * Content-Length, chunked, or to the end of the text. For assertions on fields regardless of their order.
     */
    static List<Response> responses(String text) {
        List<Response> all = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                throw new AssertionError("incomplete response head: " + text.substring(at));
            }
            String[] lines = text.substring(at, headEnd).split("\r\n");
            List<String> fields = List.of(lines).subList(1, lines.length);
            Response response = new Response(lines[0], fields, "");
            at = headEnd + 4;
            String length = response.field("Content-Length");
            int bodyEnd;
            StringBuilder body = new StringBuilder();
            if (response.statusLine().matches("HTTP/1\\.1 (1\\d\\d|204|304) .*")) {
                bodyEnd = at;
            } else if (length != null) {
                bodyEnd = at + Integer.parseInt(length);
                body.append(text, at, bodyEnd);
            } else if ("chunked".equals(response.field("Transfer-Encoding"))) {
                bodyEnd = at;
                while (true) {
                    int sizeEnd = text.indexOf("\r\n", bodyEnd);
                    int size = Integer.parseInt(text.substring(bodyEnd, sizeEnd), 16);
                    if (size == 0) {
                        bodyEnd = text.indexOf("\r\n\r\n", sizeEnd - 2) + 4;
                        break;
                    }
                    body.append(text, sizeEnd + 2, sizeEnd + 2 + size);
                    bodyEnd = sizeEnd + 2 + size + 2;
                }
            } else {
                bodyEnd = text.length();
                body.append(text, at, bodyEnd);
            }
            all.add(new Response(response.statusLine(), fields, body.toString()));
            at = bodyEnd;
        }
        return all;
    }

    /**
     * Asserts that {@code text} is exactly one error answer of h1's own: {@code status} with its reason phrase as a
     * plain-text body, {@code Connection: close}, and no other fields (in any order).
     */
    static void assertErrorAnswer(int status, String text) {
        List<Response> answered = responses(text);
        assertEquals(1, answered.size(), text);
        Response response = answered.get(0);
        String reason = HttpStatus.reasonPhrase(status);
        assertEquals("HTTP/1.1 " + status + " " + reason, response.statusLine());
        assertEquals(Set.of("Content-Type: text/plain; charset=utf-8", "Connection: close",
                "Content-Length: " + reason.length(), DATE.strip()), Set.copyOf(response.fields()), text);
        assertEquals(reason, response.body());
    }

    /** One response as a client reads it; {@code body} without framing. */
    record Response(String statusLine, List<String> fields, String body) {

        int status() {
            return Integer.parseInt(statusLine.substring(9, 12));
        }

        /** The value of the only field {@code name}, or {@code null}; fails if it appears twice. */
        String field(String name) {
            String found = null;
            for (String line : fields) {
                int colon = line.indexOf(':');
                if (line.substring(0, colon).equalsIgnoreCase(name)) {
                    if (found != null) {
                        throw new AssertionError(name + " appears twice in " + fields);
                    }
                    found = line.substring(colon + 1).strip();
                }
            }
            return found;
        }
    }

    /** An outbound handler at the head of the pipeline that passes flushes only while open. */
    static final class Valve extends ChannelOutboundHandlerAdapter {
        private ChannelHandlerContext ctx;
        private boolean shut = true;
        private boolean flushHeld;

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            ctx = context;
        }

        @Override
        public void flush(ChannelHandlerContext context) {
            if (shut) {
                flushHeld = true;
            } else {
                context.flush();
            }
        }

        /** Lets the held bytes out (the socket drained) and every later flush. */
        void open() {
            shut = false;
            if (flushHeld) {
                flushHeld = false;
                ctx.flush();
            }
        }
    }
}
