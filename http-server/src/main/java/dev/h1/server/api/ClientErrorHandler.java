package dev.h1.server.api;

/**
 * Answers client errors (Node's 'clientError'). Runs on the event loop. If it neither answers nor closes, the
 * default answer is sent when it returns. Without a handler the default answer is sent.
 */
@FunctionalInterface
public interface ClientErrorHandler {
    /** Answers or closes {@code error}'s connection; when it does neither, the default answer follows. */
    void onClientError(ClientError error);
}
