package dev.h1.server.api;

/**
 * Why a connection ended. Every close of an h1 connection has exactly one reason, delivered with the close
 * notification ({@link ConnectionListener#onClose}) and logged at debug level.
 */
public enum CloseReason {
    /** The client closed the connection between requests (a clean end). */
    CLIENT_CLOSED,
    /** The client closed or reset the connection in the middle of an exchange, or the transport failed. */
    CLIENT_ABORTED,
    /** The connection was idle between requests for the keep-alive timeout. */
    KEEP_ALIVE_TIMEOUT,
    /** The request head did not arrive within the headers timeout (answered 408). */
    HEADERS_TIMEOUT,
    /** The whole request did not arrive within the request timeout (answered 408). */
    REQUEST_TIMEOUT,
    /** No traffic either way for the idle timeout, and no timeout listener kept the connection. */
    IDLE_TIMEOUT,
    /** A response was sent with {@code Connection: close} because the client or HTTP/1.0 asked for it. */
    NOT_PERSISTENT,
    /** The connection served the maximum number of requests per connection. */
    MAX_REQUESTS,
    /** The request could not be parsed (answered with the parse error's status). */
    PARSE_ERROR,
    /** The request body exceeded what the application or the drain limit accepts (answered 413 or closed). */
    BODY_TOO_LARGE,
    /** The application failed (answered 500 if no head was sent) or a response could not be framed. */
    APPLICATION_ERROR,
    /** The application closed the connection, or ended a response that required it. */
    APPLICATION_CLOSED,
    /** The connection was handed to another protocol (upgrade or CONNECT); HTTP is done with it. */
    UPGRADED,
    /** The server is shutting down. */
    SERVER_SHUTDOWN,
    /**
     * The PROXY protocol is required and the connection did not begin with a valid header: closed unanswered, nothing
     * of it parsed as HTTP.
     */
    PROXY_PROTOCOL_ERROR
}
