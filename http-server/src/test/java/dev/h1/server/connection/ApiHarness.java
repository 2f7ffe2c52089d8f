package dev.h1.server.connection;

import dev.h1.codec.EncoderConfig;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.pipeline.HttpServerInitializer;
import dev.h1.testing.Outbound;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test support for the request/response API: the real h1 pipeline ({@link HttpServerInitializer#install}) on an
 * {@link EmbeddedChannel}, with a frozen clock so that every response is exact wire text, and helpers that read what
 * the server wrote (releasing every piece) as ISO-8859-1 text.
 *
 * <p>Note: an {@code EmbeddedChannel}'s event loop reports every thread as its own ({@code inEventLoop()} is always
 * true), so calls from other threads do not hop there; {@link ThreadHopTest} uses a local-transport channel instead.
 */
public final class ApiHarness {

    /** RFC 9110 §5.6.7's example instant; every response of a harness channel carries it. */
    public static final String DATE = "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n";

    /** The keep-alive announcement of the default 5 s keep-alive timeout. */
    public static final String KEEP_ALIVE = "Keep-Alive: timeout=5\r\n";

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(784_111_777_000L), ZoneOffset.UTC);

    private ApiHarness() {
    }

    /** The defaults, with the frozen clock. */
    public static ConnectionConfig.Builder config() {
        return ConnectionConfig.builder().encoder(EncoderConfig.builder().clock(CLOCK).build());
    }

    public static EmbeddedChannel channel(RequestHandler handler) {
        return channel(config().build(), handler);
    }

    public static EmbeddedChannel channel(ConnectionConfig config, RequestHandler handler) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime(); // no timer fires unless a test moves the clock
        HttpServerInitializer.install(channel.pipeline(), config, handler);
        return channel;
    }

    /** Delivers {@code raw} (ISO-8859-1) as one read. */
    public static void send(EmbeddedChannel channel, String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
    }

    /** A GET request for {@code target} with a Host field. */
    public static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    /** Everything written (and flushed) so far, concatenated; every piece is released. */
    public static String wire(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        for (Object piece : pieces(channel)) {
            text.append(text(piece));
        }
        return text.toString();
    }

    /** Every piece written so far, in order; the caller releases them, or passes each to {@link #text}. */
    public static List<Object> pieces(EmbeddedChannel channel) {
        List<Object> pieces = new ArrayList<>();
        for (Object piece; (piece = channel.readOutbound()) != null; ) {
            pieces.add(piece);
        }
        return pieces;
    }

    /** The bytes of one outbound piece, which is released (see {@link Outbound#text}). */
    public static String text(Object piece) {
        return Outbound.text(piece);
    }

    /**
     * A response head as the server writes it: the status line, {@code fields} (each without CRLF) in order, the
     * frozen Date, the empty line.
     */
    public static String head(String statusLine, String... fields) {
        StringBuilder text = new StringBuilder(statusLine).append("\r\n");
        for (String field : fields) {
            text.append(field).append("\r\n");
        }
        return text.append(DATE).append("\r\n").toString();
    }

    /** Closes the channel, releases what is left and asserts that nothing was left unread. */
    public static void finish(EmbeddedChannel channel) {
        assertFalse(channel.finishAndReleaseAll(), "the channel had unread messages");
    }

    /** Whether {@code stage} has completed normally (it must be done). */
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
}
