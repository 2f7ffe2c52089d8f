package dev.h1.server.api;

/**
 * The application: called once per request, on the connection's event loop, when the request head has arrived (the
 * body may still be arriving). Node's {@code server.on('request', (req, res) => ...)}.
 *
 * <p>An exception thrown here is answered with 500 and {@code Connection: close} if no response head was sent yet;
 * otherwise the connection is closed.
 */
@FunctionalInterface
public interface RequestHandler {
    /** Handles one request; the response may be ended now or later, from any thread. */
    void handle(ServerRequest request, ServerResponse response) throws Exception;
}
