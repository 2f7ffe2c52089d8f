package dev.h1.server.connection;

import java.net.InetSocketAddress;

/**
 * The addresses a PROXY protocol header told ({@link ProxyHeaderHandler}), which the connection shows instead of its
 * socket's own.
 *
 * @param client      the client's address, which the proxy accepted the connection from
 * @param destination the address the client connected to
 */
record ProxiedAddresses(InetSocketAddress client, InetSocketAddress destination) {
}
