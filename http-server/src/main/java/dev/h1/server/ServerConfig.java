package dev.h1.server;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.EncoderConfig;
import dev.h1.server.api.CheckContinueHandler;
import dev.h1.server.api.CheckExpectationHandler;
import dev.h1.server.api.ClientErrorHandler;
import dev.h1.server.api.ConnectionListener;
import dev.h1.server.api.TimeoutHandler;
import dev.h1.server.api.UpgradeHandler;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything an h1 server or pipeline is configured with. Immutable; build one with {@link #builder()}. A timeout of
 * {@link Duration#ZERO} disables it.
 *
 * @param host                      address to bind; default {@value #DEFAULT_HOST} (loopback: set it to "0.0.0.0"
 *                                  to serve other machines)
 * @param port                      TCP port; default {@value #DEFAULT_PORT}; 0 picks an ephemeral port (see
 *                                  {@link HttpServer#start()})
 * @param ioThreads                 event-loop threads for connections; default 0 = Netty's default (2 × cores)
 * @param transport                 NIO, epoll, or the best available (default {@link Transport#AUTO})
 * @param decoder                   request parsing limits (see {@link DecoderConfig}); the upgrade policy is set by
 *                                  the server from {@code upgradeHandler}
 * @param encoder                   response encoding options (the {@code Server} header, the clock for {@code Date})
 * @param headersTimeout            the whole request head must arrive within this, counted from its first byte;
 *                                  default 60 s; over it: 408, then close (slowloris defence)
 * @param requestTimeout            the whole request (head and body) must arrive within this, counted from its first
 *                                  byte; default 300 s; over it: 408 (if no response head was sent), then close
 * @param keepAliveTimeout          idle time allowed between requests on a persistent connection; default 5 s; over
 *                                  it: silent close. Announced as {@code Keep-Alive: timeout=<seconds>}
 * @param idleTimeout               no traffic either way for this long notifies {@code timeoutHandler}, or closes the
 *                                  connection when there is none (Node's {@code server.setTimeout}); default off
 * @param maxRequestsPerConnection  requests served on one connection; the last response carries
 *                                  {@code Connection: close}; default 0 = unlimited
 * @param maxDrainBytes             request body bytes the server reads and discards after a response that did not
 *                                  read them, so that the next request can be read; more than this: close.
 *                                  Default {@value #DEFAULT_MAX_DRAIN_BYTES}
 * @param shutdownGracePeriod       how long {@link HttpServer#close()} lets in-flight exchanges finish before it
 *                                  closes what is left; default 10 s
 * @param writeBufferLowWaterMark   bytes: a connection whose outbound buffer falls below this is writable again
 *                                  (drain notification); default 32 KiB
 * @param writeBufferHighWaterMark  bytes: above this {@code write()} returns false; default 64 KiB
 * @param connectionListener        connection opened / closed; default none
 * @param checkContinueHandler      decides on {@code Expect: 100-continue}; default none (100 is sent automatically
 *                                  when the request handler first reads the body)
 * @param checkExpectationHandler   handles other {@code Expect} values; default none (417 and close)
 * @param upgradeHandler            takes upgrade and CONNECT requests; default none (upgrade requests are ordinary
 *                                  requests; CONNECT is answered 501)
 * @param clientErrorHandler        answers malformed or late requests; default none (the safe default answer)
 * @param timeoutHandler            notified on idle timeout; default none (the connection is closed)
 */
public record ServerConfig(String host, int port, int ioThreads, Transport transport, DecoderConfig decoder,
                           EncoderConfig encoder, Duration headersTimeout, Duration requestTimeout,
                           Duration keepAliveTimeout, Duration idleTimeout, int maxRequestsPerConnection,
                           long maxDrainBytes, Duration shutdownGracePeriod, int writeBufferLowWaterMark,
                           int writeBufferHighWaterMark, ConnectionListener connectionListener,
                           CheckContinueHandler checkContinueHandler, CheckExpectationHandler checkExpectationHandler,
                           UpgradeHandler upgradeHandler, ClientErrorHandler clientErrorHandler,
                           TimeoutHandler timeoutHandler) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_DRAIN_BYTES = 1024 * 1024;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must be >= 0: " + ioThreads);
        }
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(encoder, "encoder");
        requireNotNegative(headersTimeout, "headersTimeout");
        requireNotNegative(requestTimeout, "requestTimeout");
        requireNotNegative(keepAliveTimeout, "keepAliveTimeout");
        requireNotNegative(idleTimeout, "idleTimeout");
        requireNotNegative(shutdownGracePeriod, "shutdownGracePeriod");
        if (maxRequestsPerConnection < 0) {
            throw new IllegalArgumentException("maxRequestsPerConnection must be >= 0: " + maxRequestsPerConnection);
        }
        if (maxDrainBytes < 0) {
            throw new IllegalArgumentException("maxDrainBytes must be >= 0: " + maxDrainBytes);
        }
        if (writeBufferLowWaterMark <= 0 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
            throw new IllegalArgumentException("need 0 < writeBufferLowWaterMark <= writeBufferHighWaterMark");
        }
    }

    /** The defaults: loopback port 8080 and every documented default. */
    public static ServerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + duration);
        }
    }

    /** Builds a {@link ServerConfig}; every option starts at its documented default. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int ioThreads;
        private Transport transport = Transport.AUTO;
        private DecoderConfig decoder = DecoderConfig.defaults();
        private EncoderConfig encoder = EncoderConfig.defaults();
        private Duration headersTimeout = Duration.ofSeconds(60);
        private Duration requestTimeout = Duration.ofSeconds(300);
        private Duration keepAliveTimeout = Duration.ofSeconds(5);
        private Duration idleTimeout = Duration.ZERO;
        private int maxRequestsPerConnection;
        private long maxDrainBytes = DEFAULT_MAX_DRAIN_BYTES;
        private Duration shutdownGracePeriod = Duration.ofSeconds(10);
        private int writeBufferLowWaterMark = 32 * 1024;
        private int writeBufferHighWaterMark = 64 * 1024;
        private ConnectionListener connectionListener;
        private CheckContinueHandler checkContinueHandler;
        private CheckExpectationHandler checkExpectationHandler;
        private UpgradeHandler upgradeHandler;
        private ClientErrorHandler clientErrorHandler;
        private TimeoutHandler timeoutHandler;

        private Builder() {
        }

        private Builder(ServerConfig c) {
            host = c.host;
            port = c.port;
            ioThreads = c.ioThreads;
            transport = c.transport;
            decoder = c.decoder;
            encoder = c.encoder;
            headersTimeout = c.headersTimeout;
            requestTimeout = c.requestTimeout;
            keepAliveTimeout = c.keepAliveTimeout;
            idleTimeout = c.idleTimeout;
            maxRequestsPerConnection = c.maxRequestsPerConnection;
            maxDrainBytes = c.maxDrainBytes;
            shutdownGracePeriod = c.shutdownGracePeriod;
            writeBufferLowWaterMark = c.writeBufferLowWaterMark;
            writeBufferHighWaterMark = c.writeBufferHighWaterMark;
            connectionListener = c.connectionListener;
            checkContinueHandler = c.checkContinueHandler;
            checkExpectationHandler = c.checkExpectationHandler;
            upgradeHandler = c.upgradeHandler;
            clientErrorHandler = c.clientErrorHandler;
            timeoutHandler = c.timeoutHandler;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder ioThreads(int value) {
            ioThreads = value;
            return this;
        }

        public Builder transport(Transport value) {
            transport = value;
            return this;
        }

        public Builder decoder(DecoderConfig value) {
            decoder = value;
            return this;
        }

        public Builder encoder(EncoderConfig value) {
            encoder = value;
            return this;
        }

        public Builder headersTimeout(Duration value) {
            headersTimeout = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        public Builder keepAliveTimeout(Duration value) {
            keepAliveTimeout = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder maxRequestsPerConnection(int value) {
            maxRequestsPerConnection = value;
            return this;
        }

        public Builder maxDrainBytes(long value) {
            maxDrainBytes = value;
            return this;
        }

        public Builder shutdownGracePeriod(Duration value) {
            shutdownGracePeriod = value;
            return this;
        }

        /** Sets both write-buffer water marks, in bytes. */
        public Builder writeBufferWaterMarks(int low, int high) {
            writeBufferLowWaterMark = low;
            writeBufferHighWaterMark = high;
            return this;
        }

        public Builder connectionListener(ConnectionListener value) {
            connectionListener = value;
            return this;
        }

        public Builder checkContinueHandler(CheckContinueHandler value) {
            checkContinueHandler = value;
            return this;
        }

        public Builder checkExpectationHandler(CheckExpectationHandler value) {
            checkExpectationHandler = value;
            return this;
        }

        public Builder upgradeHandler(UpgradeHandler value) {
            upgradeHandler = value;
            return this;
        }

        public Builder clientErrorHandler(ClientErrorHandler value) {
            clientErrorHandler = value;
            return this;
        }

        public Builder timeoutHandler(TimeoutHandler value) {
            timeoutHandler = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(host, port, ioThreads, transport, decoder, encoder, headersTimeout,
                    requestTimeout, keepAliveTimeout, idleTimeout, maxRequestsPerConnection, maxDrainBytes,
                    shutdownGracePeriod, writeBufferLowWaterMark, writeBufferHighWaterMark, connectionListener,
                    checkContinueHandler, checkExpectationHandler, upgradeHandler, clientErrorHandler,
                    timeoutHandler);
        }
    }
}
