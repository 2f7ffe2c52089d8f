package dev.h1.server.api;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import io.netty.channel.Channel;

import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * An incoming request, shaped after Node's {@code http.IncomingMessage}: the head is available at once, the body
 * streams to a {@link BodyListener} or is aggregated on demand.
 *
 * <p><b>Threading.</b> Callbacks run on the connection's event loop. Accessors of the head may be called from any
 * thread; {@link #body}, {@link #pause}, {@link #resume} and the aggregation helpers are handed over to the event
 * loop when called from another thread.
 *
 * <p><b>Body delivery.</b> Until a listener is registered (or an aggregation helper is called) the body waits, with
 * reading from the socket paused; a body nobody asks for is drained (up to a bound) after the response ends so that
 * the next request on the connection can be read.
 */
public interface ServerRequest {

    /** The method token, case-sensitive (RFC 9110 §9.1). */
    String method();

    /** The request-target exactly as received (Node's {@code req.url}). */
    String url();

    /** The path of the target: everything before {@code ?} (for an absolute-form target, its path; "/" if empty). */
    String path();

    /** The raw query string after {@code ?}, without decoding; {@code null} when the target has no {@code ?}. */
    String rawQuery();

    /**
     * The query parameters, percent-decoded as UTF-8 with {@code +} as space, in order, every value of a repeated
     * name kept. A malformed escape is kept as written. The map is unmodifiable.
     */
    Map<String, List<String>> queryParameters();

    /** The first value of query parameter {@code name}, or {@code null}. */
    String queryParameter(String name);

    /** The request's HTTP version (1.2–1.9 are processed as 1.1). */
    HttpVersion version();

    /** The header fields: received order and case, case-insensitive lookup, every value of repeated names. */
    Headers headers();

    /**
     * The first value of header {@code name} (any case), or {@code null}. For a field that may come on several lines
     * (Cookie, or any list such as Accept), use {@link #headersMerged()} or {@link Headers#getAll}.
     */
    String header(String name);

    /**
     * Node's {@code req.headers}: one value per field, names lower-cased, in the order each name first came.
     * <ul>
     *   <li>{@code cookie} lines are joined with {@code "; "} (RFC 6265 §5.4);</li>
     *   <li>the fields Node treats as single-valued keep their first value and drop the rest: age, authorization,
     *       content-length, content-type, etag, expires, from, host, if-modified-since, if-unmodified-since,
     *       last-modified, location, max-forwards, proxy-authorization, referer, retry-after, server,
     *       user-agent;</li>
     *   <li>every other field's lines are joined with {@code ", "} (RFC 9110 §5.3);</li>
     *   <li>{@code set-cookie}, which Node keeps as an array because its values cannot be joined, is not in this
     *       map: read it from {@link #headersDistinct()}.</li>
     * </ul>
     * Unmodifiable; made on first use and then shared. Any thread.
     */
    Map<String, String> headersMerged();

    /**
     * Node's {@code req.headersDistinct}: every value of every field, names lower-cased, values in received order,
     * with no joining. Unmodifiable; made on first use and then shared. Any thread.
     */
    Map<String, List<String>> headersDistinct();

    /** Node's {@code req.rawHeaders}: names and values alternating, in received order and case. */
    List<String> rawHeaders();

    /**
     * The client's address: the socket's peer or, with the PROXY protocol ({@code ConnectionConfig.proxyProtocol()}),
     * the client the proxy's header told.
     */
    SocketAddress remoteAddress();

    /** The address the client connected to: the socket's own or, with the PROXY protocol, the one the header told. */
    SocketAddress localAddress();

    /** Whether the connection will be kept open after this exchange, as far as known now. */
    boolean isKeepAlive();

    /** The connection this request arrived on. */
    HttpConnection connection();

    /** The Netty channel of the connection. */
    Channel channel();

    /**
     * Streams the body to {@code listener} (once per request). If the client sent {@code Expect: 100-continue}
     * and nobody answered it yet, registering a listener sends 100 (Continue) first.
     */
    void body(BodyListener listener);

    /**
     * Node's {@code req.setTimeout(msecs, callback)}: runs {@code listener} once, on the event loop, when this
     * exchange has been inactive for {@code timeout}: nothing read for its request and nothing written by its response
     * (a write, or the connection draining). Without a listener ({@code null}) the connection closes instead
     * ({@code IDLE_TIMEOUT}). The request and the response share one timer: the last call sets it. It stops when the
     * exchange is over; {@link java.time.Duration#ZERO} stops it before. Kept with the connection's other deadlines:
     * no timer task is made per request or per write.
     *
     * @return this request
     * @throws IllegalArgumentException for a negative timeout
     */
    ServerRequest setTimeout(java.time.Duration timeout, Runnable listener);

    /** Stops delivering body data (and reading from the socket) until {@link #resume()}. */
    void pause();

    /** Resumes body delivery after {@link #pause()}. */
    void resume();

    /** Whether body delivery is paused. */
    boolean isPaused();

    /**
     * Aggregates the whole body. Completes exceptionally with {@link BodyTooLargeException} when it exceeds
     * {@code maxBytes}; the connection then answers 413 (if no response head was sent) and closes. A request whose
     * {@code Content-Length} already declares more is answered at once, before any of its body is read (and without
     * 100 Continue to a client that expects it).
     */
    CompletionStage<byte[]> bodyBytes(int maxBytes);

    /**
     * {@link #bodyBytes(int)} with the application's own answer to a body over {@code maxBytes} ({@code tooLarge}),
     * in place of the server's plain-text 413.
     */
    CompletionStage<byte[]> bodyBytes(int maxBytes, BodyTooLargeHandler tooLarge);

    /** {@link #bodyBytes(int)} decoded with {@code charset}. */
    CompletionStage<String> bodyString(int maxBytes, Charset charset);

    /**
     * The body as a blocking {@link java.io.InputStream}, for a handler that runs on a thread of its own
     * ({@code ConnectionConfig.handlerExecutor}); it takes the body as {@link #body} does (once per request).
     * {@code read} blocks until body bytes arrive, returns -1 at the end, and throws an {@link java.io.IOException}
     * when the body fails (the client left, a timeout). On the event loop a read never blocks: one that would have to
     * wait for bytes throws {@link IllegalStateException} instead. Back-pressure: while the stream holds the
     * connection's high-water mark of unread bytes ({@code writeBufferHighWaterMark}), the connection stops reading
     * from the socket. {@code close()} discards the rest.
     *
     * @throws IllegalStateException when the body already has a consumer
     */
    java.io.InputStream bodyStream();

    /** The trailer fields once the body has ended (empty before, and for bodies without trailers). */
    Headers trailers();

    /** Whether the whole body has been received. */
    boolean isComplete();

    /** Whether the client went away before the exchange completed (Node's {@code req.aborted} / 'aborted'). */
    boolean isAborted();

    /**
     * Completes when the exchange is over (Node's request 'close'): normally after the response ended, or early,
     * when the connection closed before that (check {@link #isAborted()}).
     */
    CompletionStage<Void> closed();
}
