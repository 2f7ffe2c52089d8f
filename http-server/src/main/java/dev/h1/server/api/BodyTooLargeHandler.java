package dev.h1.server.api;

/**
 * Answers a request whose body is over the limit given to {@link ServerRequest#bodyBytes(int, BodyTooLargeHandler)}:
 * the application's own 413 (a JSON problem document, a header). Without one, the server answers {@code 413 Content
 * Too Large} with its reason phrase as plain text.
 *
 * <p><b>Threading.</b> Runs on the event loop, once, before the aggregation's stage fails: as soon as the request's
 * {@code Content-Length} declares more than the limit (nothing of the body is read), or when the bytes read go over it.
 * The answer must be written within the call ({@code end}); the connection closes after it (RFC 9110 §15.5.14: the
 * rest of the body is not read). An answer not ended within the call, or a handler that throws, gets the server's
 * default answer (or, when its head was already sent, an immediate close).
 */
@FunctionalInterface
public interface BodyTooLargeHandler {

    /**
     * Answers the request.
     *
     * @param response the response to write the answer to; its status is still the application's, set it
     * @param cause    the limit that was exceeded
     */
    void answer(ServerResponse response, BodyTooLargeException cause);
}
