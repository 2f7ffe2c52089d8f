package dev.h1.server.api;

/**
 * Handles a request whose {@code Expect} is not {@code 100-continue} (Node's 'checkExpectation'). Without this
 * handler such a request is answered 417 (Expectation Failed) and the connection closes (RFC 9110 §10.1.1).
 */
@FunctionalInterface
public interface CheckExpectationHandler {
    /** Answers {@code request}, whose {@code Expect} the server does not know. An exception is a 500. */
    void handle(ServerRequest request, ServerResponse response) throws Exception;
}
