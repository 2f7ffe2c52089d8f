package dev.h1.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link HttpServer} listens: the address, the transport and its threads, the shutdown grace period, and the
 * {@link ConnectionConfig} every accepted connection is served with. Immutable; build one with {@link #builder()}.
 *
 * <pre>
 * ServerConfig config = ServerConfig.builder()
 *         .port(8080)
 *         .connection(ConnectionConfig.builder().keepAliveTimeout(Duration.ofSeconds(30)).build())
 *         .build();
 * </pre>
 *
 * @param host                address to bind; default {@value #DEFAULT_HOST} (loopback: set it to "0.0.0.0" to serve
 *                            other machines)
 * @param port                TCP port; default {@value #DEFAULT_PORT}; 0 picks an ephemeral port (see
 *                            {@link HttpServer#start()})
 * @param ioThreads           event-loop threads for connections; default 0 = Netty's default (2 × cores)
 * @param transport           NIO, epoll, io_uring, or the best available (default {@link Transport#AUTO})
 * @param reusePort           sets {@code SO_REUSEPORT} on the listening socket, so that several servers (in this
 *                            process or others) bind the same host and port and the kernel spreads new connections
 *                            among them; default false. Only the epoll and io_uring transports can:
 *                            {@link HttpServer#start()} refuses it on NIO with an {@link IllegalStateException}
 * @param shutdownGracePeriod how long {@link HttpServer#close()} lets in-flight exchanges finish before it closes what
 *                            is left; default 10 s
 * @param connection          how each connection is served (limits, timeouts, callbacks, the PROXY protocol behind a
 *                            load balancer: {@link ConnectionConfig#proxyProtocol()}); default
 *                            {@link ConnectionConfig#defaults()}
 */
public record ServerConfig(String host, int port, int ioThreads, Transport transport, boolean reusePort,
                           Duration shutdownGracePeriod, ConnectionConfig connection) {

    /** The default of {@link #host()}: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default of {@link #port()}. */
    public static final int DEFAULT_PORT = 8080;

    /** Checks every option; {@link IllegalArgumentException} or {@link NullPointerException} names the bad one. */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must be >= 0: " + ioThreads);
        }
        Objects.requireNonNull(transport, "transport");
        ConnectionConfig.requireNotNegative(shutdownGracePeriod, "shutdownGracePeriod");
        Objects.requireNonNull(connection, "connection");
    }

    /** The defaults: loopback port 8080 and every documented default. */
    public static ServerConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link ServerConfig}; every option starts at its documented default. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int ioThreads;
        private Transport transport = Transport.AUTO;
        private boolean reusePort;
        private Duration shutdownGracePeriod = Duration.ofSeconds(10);
        private ConnectionConfig connection = ConnectionConfig.defaults();

        private Builder() {
        }

        private Builder(ServerConfig c) {
            host = c.host;
            port = c.port;
            ioThreads = c.ioThreads;
            transport = c.transport;
            reusePort = c.reusePort;
            shutdownGracePeriod = c.shutdownGracePeriod;
            connection = c.connection;
        }

        /** See {@link ServerConfig#host()}. */
        public Builder host(String value) {
            host = value;
            return this;
        }

        /** See {@link ServerConfig#port()}. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** See {@link ServerConfig#ioThreads()}. */
        public Builder ioThreads(int value) {
            ioThreads = value;
            return this;
        }

        /** See {@link ServerConfig#transport()}. */
        public Builder transport(Transport value) {
            transport = value;
            return this;
        }

        /** See {@link ServerConfig#reusePort()}. */
        public Builder reusePort(boolean value) {
            reusePort = value;
            return this;
        }

        /** See {@link ServerConfig#shutdownGracePeriod()}. */
        public Builder shutdownGracePeriod(Duration value) {
            shutdownGracePeriod = value;
            return this;
        }

        /** See {@link ServerConfig#connection()}. */
        public Builder connection(ConnectionConfig value) {
            connection = value;
            return this;
        }

        /** The configuration; throws as the {@link ServerConfig} constructor does for a bad option. */
        public ServerConfig build() {
            return new ServerConfig(host, port, ioThreads, transport, reusePort, shutdownGracePeriod, connection);
        }
    }
}
