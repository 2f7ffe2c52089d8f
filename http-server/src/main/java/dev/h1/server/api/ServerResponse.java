package dev.h1.server.api;

import dev.h1.codec.Headers;
import io.netty.buffer.ByteBuf;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The response to one request, shaped after Node's {@code http.ServerResponse}: set a status and headers, write the
 * body in pieces or all at once, end it.
 *
 * <p><b>Framing.</b> When the whole body is given to {@link #end} before any {@link #write}, a Content-Length is set;
 * otherwise an HTTP/1.1 response is chunked (HTTP/1.0: the connection closes after the body) unless the application
 * set Content-Length itself. {@code Connection}, {@code Keep-Alive} and {@code Date} are managed by the server.
 *
 * <p><b>Misuse</b> fails loudly: {@link IllegalStateException} for writing after {@link #end}, {@link #writeHead}
 * twice, or changing headers after they were sent; {@link IllegalArgumentException} for invalid header names or
 * values (CR, LF, NUL, non-token names) or a status outside 200–999 (1xx responses have their own methods:
 * {@link #writeContinue()}, {@link #writeEarlyHints}, and {@link Upgrade#switchProtocols} for 101).
 *
 * <p><b>Threading.</b> Every method may be called from any thread: calls from other threads are handed over to the
 * connection's event loop in order. Callbacks and completions run on the event loop.
 *
 * <p><b>Buffers.</b> {@link #write(ByteBuf)} and {@link #end(ByteBuf)} take ownership of the buffer;
 * {@code String} and {@code byte[]} data are copied.
 */
public interface ServerResponse {

    int statusCode();

    /** Sets the status code to send (default 200); {@link IllegalStateException} once the head was sent. */
    ServerResponse statusCode(int status);

    /** The reason phrase to send; the registered phrase of the status by default. */
    String statusMessage();

    ServerResponse statusMessage(String reason);

    /** Sets a header, replacing any value it had. */
    ServerResponse setHeader(String name, String value);

    /** Sets a header to several values (one field line each), replacing any value it had. */
    ServerResponse setHeader(String name, Iterable<String> values);

    /** Adds a value to a header, keeping the values it had (Node's {@code appendHeader}). */
    ServerResponse appendHeader(String name, String value);

    /** The first value of a header to be sent, or {@code null}. */
    String getHeader(String name);

    /** Every value of a header to be sent. */
    List<String> getHeaderValues(String name);

    /** A copy of the headers to be sent. */
    Headers getHeaders();

    /** The names of the headers to be sent, lower-cased (as Node returns them). */
    Set<String> getHeaderNames();

    boolean hasHeader(String name);

    ServerResponse removeHeader(String name);

    /**
     * Fixes the head with {@code status} (headers set before are included); as in Node, it goes out with the first
     * body write, {@link #end} or {@link #flushHeaders()}. Headers cannot change afterwards.
     */
    ServerResponse writeHead(int status);

    ServerResponse writeHead(int status, String reason);

    /** Sends the head with {@code headers} added to those set before (replacing same-named ones). */
    ServerResponse writeHead(int status, Headers headers);

    ServerResponse writeHead(int status, String reason, Headers headers);

    /** Whether the head has been written. */
    boolean headersSent();

    /** Writes and flushes the head now (Node's {@code flushHeaders}). */
    ServerResponse flushHeaders();

    /**
     * Writes a piece of the body (sending the head first if needed). Returns {@code false} when the connection's
     * outbound buffer is above its high-water mark: stop writing until the {@link #onDrain} listener runs.
     */
    boolean write(ByteBuf data);

    boolean write(byte[] data);

    /** Writes {@code text} encoded as UTF-8. */
    boolean write(String text);

    boolean write(String text, Charset charset);

    /**
     * Runs {@code listener} when the connection becomes writable again after a {@code write} returned false (Node's
     * 'drain'); not on other writability changes.
     */
    ServerResponse onDrain(Runnable listener);

    /**
     * Adds trailer fields, sent after a chunked body: with trailers added, {@code end(data)} chunks the body rather
     * than setting Content-Length. Trailers that the response's framing cannot carry (HTTP/1.0, no body, a
     * Content-Length set by the application) are dropped at end, as Node does; {@link IllegalStateException} after
     * {@link #end} or after a head with Content-Length was sent.
     */
    ServerResponse addTrailers(Headers trailers);

    /** Ends the response. Idempotent: later calls return the same stage. Completes when the end is written. */
    CompletionStage<Void> end();

    CompletionStage<Void> end(ByteBuf data);

    CompletionStage<Void> end(byte[] data);

    CompletionStage<Void> end(String text);

    /** Sends 100 (Continue) now; legal only before the final head, for a request that expects it. */
    CompletionStage<Void> writeContinue();

    /** Sends 103 (Early Hints) with {@code headers} (typically Link fields) before the final head. */
    CompletionStage<Void> writeEarlyHints(Headers headers);

    /**
     * Sends a file as the whole body and ends the response: zero-copy ({@code FileRegion}) where the channel allows
     * it, chunked reads otherwise (TLS). Sets Content-Length unless already set.
     */
    CompletionStage<Void> sendFile(Path file);

    CompletionStage<Void> sendFile(Path file, long offset, long length);

    /** Whether {@link #end} has been called. */
    boolean writableEnded();

    /** Completes when the whole response has been written to the connection (Node's 'finish'). */
    CompletionStage<Void> finished();

    /**
     * Completes when the exchange is over: after the response finished, or when the connection closed first (Node's
     * 'close'); {@link #isAborted()} tells which.
     */
    CompletionStage<Void> closed();

    /** Whether the connection closed before the response finished. */
    boolean isAborted();
}
