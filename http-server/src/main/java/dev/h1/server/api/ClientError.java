package dev.h1.server.api;

import dev.h1.codec.Headers;
import dev.h1.codec.ParseError;

/**
 * A client error on a connection: a request that could not be parsed, or one that did not arrive in time (408).
 * Given to a {@link ClientErrorHandler}, which answers it with {@link #respond}, {@link #respondDefault()} or
 * {@link #close()}; the connection closes in every case. Thread-safe.
 */
public interface ClientError {

    /** The parse error, or {@code null} for a timeout. */
    ParseError parseError();

    /** The status the default answer would have. */
    int status();

    /** A fixed description for logs; it never contains client bytes. */
    String detail();

    /** The connection the error happened on. */
    HttpConnection connection();

    /** Sends the default answer: the status, {@code Connection: close}, the reason phrase as a text body; closes. */
    void respondDefault();

    /** Sends {@code status} with a plain-text {@code body} and {@code Connection: close}, then closes. */
    void respond(int status, String body);

    /**
     * Sends {@code status} with {@code headers}, a body of {@code contentType} and {@code Connection: close}, then
     * closes. The server adds {@code Content-Length} and {@code Connection}; a {@code Content-Type} in
     * {@code headers} is replaced by {@code contentType}. Any thread; the first answer or close wins.
     *
     * @param headers     extra fields, for example {@code Retry-After}; copied
     * @param contentType the body's media type, or {@code null} for none (for an empty body)
     * @param body        the body, copied; empty for none
     * @throws IllegalArgumentException for a status outside 200–999, an invalid field, or a {@code Content-Length},
     *                                  {@code Transfer-Encoding} or {@code Connection} field in {@code headers}
     */
    void respond(int status, Headers headers, String contentType, byte[] body);

    /** Closes without an answer. */
    void close();
}
