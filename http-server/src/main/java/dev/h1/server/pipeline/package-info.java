/**
 * h1 in an existing Netty pipeline: {@link dev.h1.server.pipeline.HttpServerInitializer} installs h1's handlers in
 * their one defined order, after the application's own (TLS, logging); a
 * {@link dev.h1.server.pipeline.ConnectionGroup} tracks the connections for a graceful shutdown.
 */
package dev.h1.server.pipeline;
