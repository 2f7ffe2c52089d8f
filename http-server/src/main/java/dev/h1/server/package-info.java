/**
 * An h1 server on its own port: {@link dev.h1.server.HttpServer} with a {@link dev.h1.server.ServerConfig} (how it
 * listens) that carries a {@link dev.h1.server.ConnectionConfig} (how each connection is served).
 */
package dev.h1.server;
