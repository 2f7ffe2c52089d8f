package dev.h1.server.testing;

import dev.h1.codec.EncoderConfig;
import dev.h1.codec.HttpStatus;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ConnectionListener;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.pipeline.ConnectionGroup;
import dev.h1.server.pipeline.HttpServerInitializer;
import dev.h1.testing.Outbound;
import dev.h1.testing.Wire;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One h1 connection without a socket: h1's real pipeline ({@link HttpServerInitializer#install}) on an
 * {@link EmbeddedChannel}, with a frozen scheduler clock and a fixed {@code Date}, so that every response is exact
 * wire text and every timeout is driven by {@link #advance(Duration)} (no sleeps). It records the connection's open and
 * close notifications; {@link #channel()} gives the channel to a test that needs it.
 * <pre>
 * EmbeddedServer server = EmbeddedServer.start((req, res) -&gt; res.end("hi"));
 * server.send(get("/"));
 * assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", KEEP_ALIVE) + "hi", server.output());
 * server.finish();
 * </pre>
 * The static helpers build requests ({@link #get}, {@link #post}), expected answers ({@link #head},
 * {@link #responses}, {@link #assertErrorAnswer}) and read stage outcomes ({@link #succeeded}, {@link #failure}).
 *
 * <p><b>Threading.</b> An {@code EmbeddedChannel}'s event loop reports every thread as its own, so calls from other
 * threads do not hop; {@code ThreadHopTest} uses the local transport for that. <b>Buffers.</b> Outbound bytes are read
 * as ISO-8859-1 text and released here; {@link #finish()} ends every test and fails on anything left unread.
 */
public final class EmbeddedServer {

    /** The Date line of every response: RFC 9110 §5.6.7's example instant, from the fixed encoder clock. */
    public static final String DATE = "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n";

    /** The keep-alive announcement of the default 5 s keep-alive timeout, as a field line for {@link #head}. */
    public static final String KEEP_ALIVE = "Keep-Alive: timeout=5";

    private static final Clock FIXED = Clock.fixed(Instant.ofEpochMilli(784_111_777_000L), ZoneOffset.UTC);

    private final EmbeddedChannel channel;
    private final List<String> events = new ArrayList<>();
    private HttpConnection connection;
    private Valve valve;

    private EmbeddedServer(ConnectionConfig config, RequestHandler handler, ConnectionGroup group) {
        ConnectionListener own = config.connectionListener();
        ConnectionConfig recorded = withFixedDate(config).toBuilder()
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

                    @Override
                    public void onDroppedRequest(ServerRequest request) {
                        if (own != null) {
                            own.onDroppedRequest(request);
                        }
                    }
                })
                .build();
        channel = new EmbeddedChannel();
        channel.freezeTime(); // no timer fires unless a test moves the clock
        HttpServerInitializer.install(channel.pipeline(), recorded, handler, group);
    }

    // ---- starting ----

    /** The defaults of {@link ConnectionConfig}, to adjust per test. */
    public static ConnectionConfig.Builder config() {
        return ConnectionConfig.builder();
    }

    /** {@code config} with the encoder's clock fixed at {@link #DATE}, for pipelines a test builds itself. */
    public static ConnectionConfig withFixedDate(ConnectionConfig config) {
        return config.toBuilder().encoder(new EncoderConfig(config.encoder().server(), FIXED)).build();
    }

    public static EmbeddedServer start(RequestHandler handler) {
        return new EmbeddedServer(ConnectionConfig.defaults(), handler, null);
    }

    public static EmbeddedServer start(ConnectionConfig.Builder config, RequestHandler handler) {
        return new EmbeddedServer(config.build(), handler, null);
    }

    /** Like {@link #start(ConnectionConfig.Builder, RequestHandler)}, with the {@link ConnectionGroup} tracking it. */
    public static EmbeddedServer start(ConnectionConfig.Builder config, RequestHandler handler,
                                       ConnectionGroup group) {
        return new EmbeddedServer(config.build(), handler, group);
    }

    // ---- building requests ----

    /** A GET request for {@code target} with a Host field and {@code fieldLines}. */
    public static String get(String target, String... fieldLines) {
        return Wire.head("GET " + target + " HTTP/1.1", concat("Host: x", fieldLines));
    }

    /** A POST request for {@code target} whose body is {@code body}, framed by Content-Length. */
    public static String post(String target, String body, String... fieldLines) {
        return Wire.head("POST " + target + " HTTP/1.1",
                concat("Host: x", concat("Content-Length: " + body.length(), fieldLines))) + body;
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    // ---- expected answers ----

    /** The head of a response as h1 writes it: the status line, each field line, the fixed Date, the empty line. */
    public static String head(String statusLine, String... fieldLines) {
        return Wire.lines(statusLine) + Wire.lines(fieldLines) + DATE + Wire.CRLF;
    }

    /** The responses in client-side {@code text}, framed as a client frames them (RFC 9112 §6.3). */
    public static List<Response> responses(String text) {
        return Response.parseAll(text);
    }

    /**
     * Asserts that {@code text} is exactly one error answer of h1's own: {@code status} with its reason phrase as a
     * plain-text body, {@code Connection: close}, and no other fields (in any order).
     */
    public static void assertErrorAnswer(int status, String text) {
        List<Response> answered = responses(text);
        assertEquals(1, answered.size(), text);
        Response response = answered.get(0);
        String reason = HttpStatus.reasonPhrase(status);
        assertEquals("HTTP/1.1 " + status + " " + reason, response.statusLine());
        assertEquals(Set.of("Content-Type: text/plain; charset=utf-8", "Connection: close",
                "Content-Length: " + reason.length(), DATE.strip()), Set.copyOf(response.fields()), text);
        assertEquals(reason, response.body());
    }

    // ---- stage outcomes ----

    /** Whether {@code stage}, which must be done, completed normally. */
    public static boolean succeeded(CompletionStage<?> stage) {
        var future = stage.toCompletableFuture();
        assertTrue(future.isDone(), "not completed");
        return !future.isCompletedExceptionally();
    }

    /** The failure of a stage that must have completed exceptionally. */
    public static Throwable failure(CompletionStage<?> stage) {
        var future = stage.toCompletableFuture();
        assertTrue(future.isCompletedExceptionally(), "not failed: " + future);
        try {
            future.get(0, TimeUnit.SECONDS);
            throw new AssertionError("unreachable");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The message of the {@link IllegalStateException} with which {@code call} was refused, or "accepted". */
    public static String refusalOf(Runnable call) {
        try {
            call.run();
            return "accepted";
        } catch (IllegalStateException refused) {
            return refused.getMessage();
        }
    }

    // ---- the client's side ----

    /** The client sends {@code raw} (ISO-8859-1) in one read; what that triggers runs before this returns. */
    public EmbeddedServer send(String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
        return this;
    }

    /** Everything written and flushed to the client since the last call, as text; runs pending tasks first. */
    public String output() {
        channel.runPendingTasks();
        StringBuilder text = new StringBuilder();
        for (Object piece; (piece = channel.readOutbound()) != null; ) {
            text.append(Outbound.text(piece));
        }
        return text.toString();
    }

    /**
     * Holds back flushes from now on, as a socket that does not drain: written bytes stay in the channel's outbound
     * buffer and count against its water marks until {@link Valve#drain()} or {@link Valve#open()}. Installed once;
     * later calls return the same valve.
     */
    public Valve valve() {
        if (valve == null) {
            valve = new Valve();
            channel.pipeline().addFirst("test-valve", valve);
        }
        return valve;
    }

    /** The client goes away (the transport closes). */
    public void clientCloses() {
        channel.close();
        channel.runPendingTasks();
    }

    // ---- time ----

    /** Moves the scheduler clock and runs what became due (timeouts, and what they scheduled). */
    public EmbeddedServer advance(Duration time) {
        channel.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
        return this;
    }

    public EmbeddedServer advanceSeconds(long seconds) {
        return advance(Duration.ofSeconds(seconds));
    }

    // ---- the server's side ----

    public EmbeddedChannel channel() {
        return channel;
    }

    /** The connection as listeners see it. */
    public HttpConnection connection() {
        return connection;
    }

    /** "open", then "close REASON" once closed. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** The reason the connection closed with, or {@code null} while it is open (pending tasks run first). */
    public CloseReason closeReason() {
        channel.runPendingTasks();
        return connection.closeFuture().toCompletableFuture().getNow(null);
    }

    public boolean isOpen() {
        channel.runPendingTasks();
        return channel.isOpen();
    }

    public boolean isAutoRead() {
        return channel.config().isAutoRead();
    }

    /** Ends the test: asserts that nothing was left unread, closes the channel and releases what is left. */
    public void finish() {
        assertEquals("", output(), "unread output at the end of the test");
        assertFalse(channel.finishAndReleaseAll(), "messages left in the channel");
    }
}
