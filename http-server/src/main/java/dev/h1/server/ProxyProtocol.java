package dev.h1.server;

/**
 * Whether each connection begins with a header of HAProxy's PROXY protocol (version 1, text, or 2, binary; see
 * <a href="https://www.haproxy.org/download/2.9/doc/proxy-protocol.txt">proxy-protocol.txt</a>). A load balancer in
 * front of the server (HAProxy, Envoy, nginx, AWS and GCP network load balancers) sends it to tell which client it
 * forwards, since the connection's own peer is the load balancer. Set with
 * {@link ConnectionConfig.Builder#proxyProtocol(ProxyProtocol)}.
 */
public enum ProxyProtocol {
    /** No header is expected (the default): the connection's peer is the client. */
    OFF,
    /**
     * Every connection must begin with a valid v1 or v2 header; one that does not is closed before anything of it is
     * parsed as HTTP, without an answer ({@link dev.h1.server.api.CloseReason#PROXY_PROTOCOL_ERROR}). After the
     * header, the request's and the connection's {@code remoteAddress()} and {@code localAddress()} are the client's
     * and the address it connected to, as the header tells (for TCP over IPv4 or IPv6); for a {@code LOCAL} header
     * (the proxy's own health check) or an {@code UNKNOWN} or {@code UNIX} one they stay the connection's own.
     * Needs {@code io.netty:netty-codec-haproxy}, an optional dependency, on the class path. Only for servers that
     * can be reached through the proxy alone: anyone who can connect directly can claim any address.
     */
    REQUIRED
}
