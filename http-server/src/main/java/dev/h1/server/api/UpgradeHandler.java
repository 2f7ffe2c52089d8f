package dev.h1.server.api;

/**
 * Receives requests that ask to switch protocols ({@code Connection: upgrade} with {@code Upgrade}, RFC 9110 §7.8)
 * and CONNECT requests (Node's 'upgrade' and 'connect'). Runs on the event loop once the request (with any body) is
 * complete. Without an upgrade handler, upgrade requests are ordinary requests for the request handler, and
 * CONNECT is answered 501 and closed.
 */
@FunctionalInterface
public interface UpgradeHandler {
    /** Accepts ({@link Upgrade#switchProtocols}) or declines ({@link Upgrade#response()}) {@code request}. */
    void onUpgrade(ServerRequest request, Upgrade upgrade) throws Exception;
}
