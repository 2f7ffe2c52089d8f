package dev.h1.server.api;

import dev.h1.codec.Headers;
import io.netty.buffer.ByteBuf;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The response to one request, shaped after Node's {@code http.ServerResponse}: set a status and headers, write the
 * body in pieces or all at once, end it.
 *
 * <p><b>Framing.</b> When the whole body is given to {@link #end} before any {@link #write}, a Content-Length is set;
 * otherwise an HTTP/1.1 response is chunked (HTTP/1.0: the connection closes after the body) unless the application
 * set Content-Length itself. {@code Connection}, {@code Keep-Alive} and {@code Date} are managed by the server; these
 * fields, and the framing fields the server adds, are not among the headers read back with {@link #getHeader}.
 *
 * <p><b>Misuse</b> fails loudly: {@link IllegalStateException} for writing after {@link #end}, {@link #writeHead}
 * twice, or changing headers after they were sent; {@link IllegalArgumentException} for invalid header names or
 * values (CR, LF, NUL, non-token names) or a status outside 200–999 (1xx responses have their own methods:
 * {@link #writeContinue()}, {@link #writeProcessing()}, {@link #writeEarlyHints}, {@link #writeInformational}, and
 * {@link Upgrade#switchProtocols} for 101).
 *
 * <p><b>Threading.</b> Every method may be called from any thread. A call takes effect atomically when it is made: a
 * call that is not allowed any more fails at once, whichever thread made the call that forbids it, and calls from one
 * thread take effect in their order. The writing itself happens on the connection's event loop. Callbacks and stage
 * completions run on the event loop.
 *
 * <p><b>Buffers.</b> {@link #write(ByteBuf)} and {@link #end(ByteBuf)} take ownership of the buffer, and release it
 * when they refuse the call; {@code String} and {@code byte[]} data are copied.
 */
public interface ServerResponse {

    /** The status code to send; 200 unless set. */
    int statusCode();

    /**
     * Sets the status code to send.
     *
     * @param status a final status, 200–999
     * @return this response
     * @throws IllegalStateException    once the head was sent
     * @throws IllegalArgumentException for a status outside 200–999
     */
    ServerResponse statusCode(int status);

    /** The reason phrase to send: the one set, or the registered phrase of the status. */
    String statusMessage();

    /**
     * Sets the reason phrase to send.
     *
     * @param reason the phrase, or {@code null} for the registered phrase of the status
     * @return this response
     * @throws IllegalStateException    once the head was sent
     * @throws IllegalArgumentException for a phrase with CR, LF or other controls
     */
    ServerResponse statusMessage(String reason);

    /**
     * Sets a header, replacing any value it had.
     *
     * @return this response
     * @throws IllegalStateException    once the head was sent
     * @throws IllegalArgumentException for a name that is not a token or a value with CR, LF, NUL or other controls
     */
    ServerResponse setHeader(String name, String value);

    /**
     * Sets a header to several values (one field line each), replacing any value it had.
     *
     * @return this response
     * @throws IllegalStateException    once the head was sent
     * @throws IllegalArgumentException for an invalid name or value
     */
    ServerResponse setHeader(String name, Iterable<String> values);

    /**
     * Adds a value to a header, keeping the values it had (Node's {@code appendHeader}).
     *
     * @return this response
     * @throws IllegalStateException    once the head was sent
     * @throws IllegalArgumentException for an invalid name or value
     */
    ServerResponse appendHeader(String name, String value);

    /**
     * Sets every header of {@code headers}, each replacing any value it had (Node's {@code setHeaders}); a name that
     * repeats in {@code headers} keeps all its values. For a {@code Map<String, List<String>>}, pass
     * {@link Headers#ofLists}.
     *
     * @param headers the fields; copied, so the caller may reuse them
     * @return this response
     * @throws IllegalStateException    once the head was sent
     * @throws IllegalArgumentException for an invalid name or value
     */
    ServerResponse setHeaders(Headers headers);

    /** {@link #setHeaders(Headers)} from a map of single values, in its iteration order. */
    ServerResponse setHeaders(Map<String, String> headers);

    /** The first value of header {@code name} (any case) as the application set it, or {@code null}. */
    String getHeader(String name);

    /** Every value of header {@code name} (any case) as the application set it; empty when absent. */
    List<String> getHeaderValues(String name);

    /** A copy of the headers the application set, in order. */
    Headers getHeaders();

    /** The names of the headers the application set, lower-cased (as Node returns them). */
    Set<String> getHeaderNames();

    /** Whether the application set header {@code name} (any case). */
    boolean hasHeader(String name);

    /**
     * Removes every value of header {@code name} (any case).
     *
     * @return this response
     * @throws IllegalStateException once the head was sent
     */
    ServerResponse removeHeader(String name);

    /**
     * Fixes the head with {@code status} (headers set before are included); as in Node, it goes out with the first
     * body write, {@link #end} or {@link #flushHeaders()}. Headers cannot change afterwards. Since the body's length
     * is not known yet, an HTTP/1.1 body is then chunked unless Content-Length was set.
     *
     * @return this response
     * @throws IllegalStateException    when the head was already fixed
     * @throws IllegalArgumentException for a status outside 200–999
     */
    ServerResponse writeHead(int status);

    /** {@link #writeHead(int)} with a reason phrase ({@code null}: the registered one). */
    ServerResponse writeHead(int status, String reason);

    /** {@link #writeHead(int)} with {@code headers} added to those set before (replacing same-named ones). */
    ServerResponse writeHead(int status, Headers headers);

    /** {@link #writeHead(int)} with a reason phrase and {@code headers} added to those set before. */
    ServerResponse writeHead(int status, String reason, Headers headers);

    /**
     * {@link #writeHead(int, Headers)} from a map of single values. For a {@code Map<String, List<String>>}, pass
     * {@link Headers#ofLists}.
     */
    ServerResponse writeHead(int status, Map<String, String> headers);

    /** Whether the head is fixed (written or about to be): headers and status can no longer change. */
    boolean headersSent();

    /**
     * Writes and flushes the head now (Node's {@code flushHeaders}).
     *
     * @return this response
     */
    ServerResponse flushHeaders();

    /**
     * Writes a piece of the body (sending the head first if needed); it is flushed at once. A response to HEAD, or
     * with status 204 or 304, has no body: the data is released.
     *
     * @param data the piece; ownership passes to the response, also when the call throws
     * @return {@code false} when the connection's outbound buffer is above its high-water mark: stop writing until
     *         the {@link #onDrain} listener runs, or {@link #drained()} completes
     * @throws IllegalStateException after {@link #end}
     */
    boolean write(ByteBuf data);

    /**
     * {@link #write(ByteBuf)}, and {@code callback} learns when the piece has been written to the transport, or could
     * not be (Node's {@code res.write(chunk, callback)}). Plain {@code write} costs no promise; this one does.
     *
     * @param data     the piece; ownership passes to the response, also when the call throws
     * @param callback runs once on the event loop (see {@link WriteCallback})
     * @return as {@link #write(ByteBuf)}
     * @throws IllegalStateException after {@link #end} (the callback is not called)
     */
    boolean write(ByteBuf data, WriteCallback callback);

    /** {@link #write(ByteBuf)} with a copy of {@code data}. */
    boolean write(byte[] data);

    /** {@link #write(ByteBuf)} with {@code text} encoded as UTF-8. */
    boolean write(String text);

    /** {@link #write(ByteBuf)} with {@code text} encoded in {@code charset}. */
    boolean write(String text, Charset charset);

    /**
     * Runs {@code listener} on the event loop every time the connection becomes writable again after a
     * {@code write} returned false (Node's {@code res.on('drain', ...)}); not on other writability changes. A
     * listener registered after a {@code write} returned false and the connection drained already runs at once. For a
     * one-shot wait, use {@link #drained()}.
     *
     * @return this response
     */
    ServerResponse onDrain(Runnable listener);

    /**
     * The body as a blocking {@link java.io.OutputStream}, for a handler that runs on a thread of its own
     * ({@code ConnectionConfig.handlerExecutor}). Bytes are written in pieces of 8 KiB ({@code flush()} writes what is
     * gathered now); a write blocks while the connection's outbound buffer is above its high-water mark, so memory
     * stays bounded by the water mark plus one piece. {@code close()} ends the response: a body that fit in one piece
     * gets a Content-Length, a longer one is chunked (HTTP/1.1), as with {@link #write} and {@link #end}. A write that
     * would have to wait on the event loop throws {@link IllegalStateException}; a connection that closes fails a
     * blocked write with an {@link java.io.IOException}. One writer thread at a time.
     *
     * @return a new stream over this response
     */
    java.io.OutputStream outputStream();

    /**
     * A one-shot drain (Node's {@code res.once('drain', ...)}): completes on the event loop once the connection is
     * writable, at once if it already is when the call reaches the event loop, which is after this thread's earlier
     * writes. So a writer on any thread that got {@code false} from {@link #write} and then calls this cannot miss a
     * drain that came in between, and registers nothing permanent:
     * <pre>
     * if (!res.write(piece)) {
     *     res.drained().thenRun(this::writeNext);
     * }
     * </pre>
     * It also completes once the whole response is written, and fails when the connection closes first. (Like any
     * {@link java.util.concurrent.CompletableFuture}, an action attached after completion runs on the attaching
     * thread.)
     *
     * @return a new stage per call
     */
    CompletionStage<Void> drained();

    /**
     * Adds trailer fields, sent after a chunked body: with trailers added, {@code end(data)} chunks the body rather
     * than setting Content-Length. Trailers that the response's framing cannot carry (HTTP/1.0, no body) are dropped
     * at end, as Node does.
     *
     * @return this response
     * @throws IllegalStateException    after {@link #end}, or after a head with Content-Length was sent
     * @throws IllegalArgumentException for a name that frames the message (Content-Length, Transfer-Encoding) or an
     *                                  invalid field
     */
    ServerResponse addTrailers(Headers trailers);

    /**
     * Ends the response. Idempotent: a second call returns the same stage.
     *
     * @return {@link #finished()}: completes once the whole response has been written to the connection
     */
    CompletionStage<Void> end();

    /**
     * Ends the response with a last piece of the body; when it is the whole body, it is framed with Content-Length.
     * To HEAD, its length is announced and the data is not sent.
     *
     * @param data the last piece; ownership passes to the response, also when the call throws
     * @return {@link #finished()}
     * @throws IllegalStateException after {@link #end}
     */
    CompletionStage<Void> end(ByteBuf data);

    /** {@link #end(ByteBuf)} with a copy of {@code data}. */
    CompletionStage<Void> end(byte[] data);

    /** {@link #end(ByteBuf)} with {@code text} encoded as UTF-8. */
    CompletionStage<Void> end(String text);

    /**
     * Sends 100 (Continue) now; legal only before the final head, for a request that expects it. To an HTTP/1.0
     * client nothing is sent (RFC 9110 §15.2).
     *
     * @return completes when it is written; fails when the head was already sent
     */
    CompletionStage<Void> writeContinue();

    /**
     * Sends 103 (Early Hints) with {@code headers} (typically Link fields) before the final head.
     *
     * @return completes when it is written; fails when the head was already sent
     * @throws IllegalArgumentException for an invalid field
     */
    CompletionStage<Void> writeEarlyHints(Headers headers);

    /**
     * Sends 102 (Processing, RFC 2518 §10.1) now, to tell a client that a long request is being worked on (Node's
     * {@code writeProcessing}); legal only before the final head. To an HTTP/1.0 client nothing is sent.
     *
     * @return completes when it is written; fails when the head was already sent
     */
    CompletionStage<Void> writeProcessing();

    /**
     * Sends any interim (1xx) response now, before the final head:
     * 100 is {@link #writeContinue()}, 102 {@link #writeProcessing()}, 103 {@link #writeEarlyHints}. 101 is not
     * one: it ends HTTP on the connection and goes through the {@link UpgradeHandler}. To an HTTP/1.0 client nothing
     * is sent (RFC 9110 §15.2).
     *
     * @param status  100–199 except 101
     * @param headers its fields; copied
     * @return completes when it is written; fails when the head was already sent
     * @throws IllegalArgumentException for a status that is not 1xx or is 101, an invalid field, or a field that
     *                                  frames content (Content-Length, Transfer-Encoding: a 1xx has none)
     */
    CompletionStage<Void> writeInformational(int status, Headers headers);

    /**
     * Whether the server adds the {@code Date} field (Node's {@code res.sendDate}); true by default, as RFC 9110
     * §6.6.1 asks of an origin server with a clock. A {@code Date} the application sets is always sent.
     *
     * @return this response
     * @throws IllegalStateException once the head was sent
     */
    ServerResponse sendDate(boolean send);

    /** Whether the server adds the {@code Date} field to this response (see {@link #sendDate(boolean)}). */
    boolean sendDate();

    /**
     * Sends a file as the whole body and ends the response: zero-copy ({@code FileRegion}) where the channel allows
     * it, in pieces read as the connection drains otherwise (TLS). Sets Content-Length unless already set (a 204
     * gets none). The file is opened on the calling thread: a file that cannot be sent fails the stage and leaves the
     * response untouched, so that the application can still answer.
     *
     * @return {@link #finished()}, or a failed stage when the file cannot be sent
     * @throws IllegalStateException after {@link #end}
     */
    CompletionStage<Void> sendFile(Path file);

    /**
     * {@link #sendFile(Path)} for {@code length} bytes from {@code offset} ({@code length < 0}: to the end); the stage
     * fails for an offset outside the file.
     */
    CompletionStage<Void> sendFile(Path file, long offset, long length);

    /** Whether {@link #end} (or {@link #sendFile}) has been called. */
    boolean writableEnded();

    /**
     * Whether the whole response has been written to the connection (Node's {@code writableFinished}): true from the
     * moment {@link #finished()} completes normally.
     */
    boolean writableFinished();

    /** Completes when the whole response has been written to the connection (Node's 'finish'); fails if it never is. */
    CompletionStage<Void> finished();

    /**
     * Completes when the exchange is over: after the response finished, or when the connection closed first (Node's
     * 'close'); {@link #isAborted()} tells which.
     */
    CompletionStage<Void> closed();

    /** Whether the connection closed before the response finished. */
    boolean isAborted();

    /**
     * Node's {@code res.setTimeout(msecs, callback)}: runs {@code listener} once, on the event loop, when this
     * exchange has been inactive for {@code timeout}: nothing read for its request and nothing written by its response
     * (a write, or the connection draining). Without a listener ({@code null}) the connection closes instead
     * ({@code IDLE_TIMEOUT}). The request and the response share one timer: the last call sets it. It stops when the
     * exchange is over; {@link java.time.Duration#ZERO} stops it before. Kept with the connection's other deadlines:
     * no timer task is made per request or per write.
     *
     * @return this response
     * @throws IllegalArgumentException for a negative timeout
     */
    ServerResponse setTimeout(java.time.Duration timeout, Runnable listener);

    /** The request this response answers (Node's {@code res.req}). */
    ServerRequest request();

    /** The connection this response is written to (Node's {@code res.socket}, as an {@link HttpConnection}). */
    HttpConnection connection();
}
