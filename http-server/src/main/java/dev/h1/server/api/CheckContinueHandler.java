package dev.h1.server.api;

/**
 * Decides on a request that carries {@code Expect: 100-continue} (Node's 'checkContinue'), instead of the request
 * handler. Call {@link ServerResponse#writeContinue()} and read the body to accept it, or answer with a final status
 * without reading it (the connection then closes after the response). Runs on the event loop.
 *
 * <p>Without this handler, the request goes to the request handler and 100 (Continue) is sent automatically when the
 * handler first asks for the body.
 */
@FunctionalInterface
public interface CheckContinueHandler {
    /** Decides on {@code request}: accept (100 and read the body) or answer at once. An exception is a 500. */
    void handle(ServerRequest request, ServerResponse response) throws Exception;
}
