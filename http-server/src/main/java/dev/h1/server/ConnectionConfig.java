package dev.h1.server;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.EncoderConfig;
import dev.h1.server.api.CheckContinueHandler;
import dev.h1.server.api.CheckExpectationHandler;
import dev.h1.server.api.ClientErrorHandler;
import dev.h1.server.api.ConnectionListener;
import dev.h1.server.api.ExchangeListener;
import dev.h1.server.api.TimeoutHandler;
import dev.h1.server.api.UpgradeHandler;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How h1 serves one connection: parsing limits, timeouts, persistence limits, back-pressure and the server-level
 * callbacks. It is all that the drop-in {@link dev.h1.server.pipeline.HttpServerInitializer} needs; an
 * {@link HttpServer} carries one in its {@link ServerConfig}. Immutable; build one with {@link #builder()}. A timeout
 * of {@link Duration#ZERO} disables it.
 *
 * @param decoder                  request parsing limits (see {@link DecoderConfig}); the upgrade policy is set by
 *                                 the server from {@code upgradeHandler}
 * @param encoder                  response encoding options (the {@code Server} header, the clock for {@code Date})
 * @param proxyProtocol            whether each connection begins with a PROXY protocol header telling the real
 *                                 client's address ({@link ProxyProtocol}); default {@link ProxyProtocol#OFF}
 * @param headersTimeout           the whole request head must arrive within this, counted from its first byte;
 *                                 default 60 s; over it: 408, then close (slowloris defence)
 * @param requestTimeout           the whole request (head and body) must arrive within this, counted from its first
 *                                 byte; default 300 s; over it: 408 (if no response head was sent), then close
 * @param keepAliveTimeout         idle time allowed between requests on a persistent connection, counted from the
 *                                 moment the last response was written; default 5 s; over it: silent close.
 *                                 Announced as {@code Keep-Alive: timeout=<seconds>}
 * @param idleTimeout              no progress either way (nothing read, nothing written) for this long notifies
 *                                 {@code timeoutHandler}, or closes the connection when there is none (Node's
 *                                 {@code server.setTimeout}); default off
 * @param maxRequestsPerConnection requests served on one connection; the last response carries
 *                                 {@code Connection: close}, and a request already pipelined past it is answered
 *                                 503 with {@code Connection: close} (as Node does; see
 *                                 {@link ConnectionListener#onDroppedRequest}); default 0 = unlimited
 * @param maxDrainBytes            request body bytes the server reads and discards after a response that did not
 *                                 read them, so that the next request can be read; more than this: close. Default
 *                                 {@value #DEFAULT_MAX_DRAIN_BYTES}. (Node reads an unread body to its end, whatever
 *                                 its length; this bounds that work.)
 * @param writeBufferLowWaterMark  bytes: a connection whose outbound buffer falls below this is writable again (drain
 *                                 notification, and reading resumes); default {@value #DEFAULT_LOW_WATER_MARK}
 * @param writeBufferHighWaterMark bytes: above this {@code write()} returns false and the connection stops reading
 *                                 requests until the client has read its responses; default
 *                                 {@value #DEFAULT_HIGH_WATER_MARK}
 * @param connectionListener       connection opened / closed; default none
 * @param checkContinueHandler     decides on {@code Expect: 100-continue}; default none (100 is sent automatically
 *                                 when the request handler first reads the body)
 * @param checkExpectationHandler  handles other {@code Expect} values; default none (417 and close)
 * @param upgradeHandler           takes upgrade and CONNECT requests; default none (upgrade requests are ordinary
 *                                 requests; CONNECT is answered 501)
 * @param clientErrorHandler       answers malformed or late requests; default none (the safe default answer)
 * @param timeoutHandler           notified on idle timeout; default none (the connection is closed)
 * @param exchangeListener         hears of every exchange once it is over (metrics, access logs, for example
 *                                 {@link dev.h1.server.AccessLog}); default none, and then no timings are kept
 * @param compression              how responses are compressed (gzip, deflate); default none: off
 * @param handlerExecutor          where the {@link dev.h1.server.api.RequestHandler} runs: default {@code null}, the
 *                                 connection's event loop (the handler must not block); an executor such as a thread
 *                                 pool (or, on JDK 21+, {@code Executors.newVirtualThreadPerTaskExecutor()}) lets it
 *                                 block, for example on {@code req.bodyStream()} and {@code res.outputStream()}. A
 *                                 task the executor rejects is answered 500. The other handlers still run on the
 *                                 event loop
 */
public record ConnectionConfig(DecoderConfig decoder, EncoderConfig encoder, ProxyProtocol proxyProtocol,
                               Duration headersTimeout,
                               Duration requestTimeout, Duration keepAliveTimeout, Duration idleTimeout,
                               int maxRequestsPerConnection, long maxDrainBytes, int writeBufferLowWaterMark,
                               int writeBufferHighWaterMark, ConnectionListener connectionListener,
                               CheckContinueHandler checkContinueHandler,
                               CheckExpectationHandler checkExpectationHandler, UpgradeHandler upgradeHandler,
                               ClientErrorHandler clientErrorHandler, TimeoutHandler timeoutHandler,
                               ExchangeListener exchangeListener, CompressionConfig compression,
                               Executor handlerExecutor) {

    /** The default of {@link #maxDrainBytes()}: 1 MiB. */
    public static final long DEFAULT_MAX_DRAIN_BYTES = 1024 * 1024;
    /** The default of {@link #writeBufferLowWaterMark()}: 32 KiB. */
    public static final int DEFAULT_LOW_WATER_MARK = 32 * 1024;
    /** The default of {@link #writeBufferHighWaterMark()}: 64 KiB. */
    public static final int DEFAULT_HIGH_WATER_MARK = 64 * 1024;

    private static final ConnectionConfig DEFAULTS = new Builder().build();

    /** Checks every option; {@link IllegalArgumentException} or {@link NullPointerException} names the bad one. */
    public ConnectionConfig {
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        requireNotNegative(headersTimeout, "headersTimeout");
        requireNotNegative(requestTimeout, "requestTimeout");
        requireNotNegative(keepAliveTimeout, "keepAliveTimeout");
        requireNotNegative(idleTimeout, "idleTimeout");
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

    /** Every documented default. */
    public static ConnectionConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    static void requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + duration);
        }
    }

    /** Builds a {@link ConnectionConfig}; every option starts at its documented default. */
    public static final class Builder {
        private DecoderConfig decoder = DecoderConfig.defaults();
        private EncoderConfig encoder = EncoderConfig.defaults();
        private ProxyProtocol proxyProtocol = ProxyProtocol.OFF;
        private Duration headersTimeout = Duration.ofSeconds(60);
        private Duration requestTimeout = Duration.ofSeconds(300);
        private Duration keepAliveTimeout = Duration.ofSeconds(5);
        private Duration idleTimeout = Duration.ZERO;
        private int maxRequestsPerConnection;
        private long maxDrainBytes = DEFAULT_MAX_DRAIN_BYTES;
        private int writeBufferLowWaterMark = DEFAULT_LOW_WATER_MARK;
        private int writeBufferHighWaterMark = DEFAULT_HIGH_WATER_MARK;
        private ConnectionListener connectionListener;
        private CheckContinueHandler checkContinueHandler;
        private CheckExpectationHandler checkExpectationHandler;
        private UpgradeHandler upgradeHandler;
        private ClientErrorHandler clientErrorHandler;
        private TimeoutHandler timeoutHandler;
        private ExchangeListener exchangeListener;
        private CompressionConfig compression;
        private Executor handlerExecutor;

        private Builder() {
        }

        private Builder(ConnectionConfig c) {
            decoder = c.decoder;
            encoder = c.encoder;
            proxyProtocol = c.proxyProtocol;
            headersTimeout = c.headersTimeout;
            requestTimeout = c.requestTimeout;
            keepAliveTimeout = c.keepAliveTimeout;
            idleTimeout = c.idleTimeout;
            maxRequestsPerConnection = c.maxRequestsPerConnection;
            maxDrainBytes = c.maxDrainBytes;
            writeBufferLowWaterMark = c.writeBufferLowWaterMark;
            writeBufferHighWaterMark = c.writeBufferHighWaterMark;
            connectionListener = c.connectionListener;
            checkContinueHandler = c.checkContinueHandler;
            checkExpectationHandler = c.checkExpectationHandler;
            upgradeHandler = c.upgradeHandler;
            clientErrorHandler = c.clientErrorHandler;
            timeoutHandler = c.timeoutHandler;
            exchangeListener = c.exchangeListener;
            compression = c.compression;
            handlerExecutor = c.handlerExecutor;
        }

        /** See {@link ConnectionConfig#decoder()}. */
        public Builder decoder(DecoderConfig value) {
            decoder = value;
            return this;
        }

        /** See {@link ConnectionConfig#encoder()}. */
        public Builder encoder(EncoderConfig value) {
            encoder = value;
            return this;
        }

        /** See {@link ConnectionConfig#proxyProtocol()}. */
        public Builder proxyProtocol(ProxyProtocol value) {
            proxyProtocol = value;
            return this;
        }

        /** See {@link ConnectionConfig#headersTimeout()}. */
        public Builder headersTimeout(Duration value) {
            headersTimeout = value;
            return this;
        }

        /** See {@link ConnectionConfig#requestTimeout()}. */
        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        /** See {@link ConnectionConfig#keepAliveTimeout()}. */
        public Builder keepAliveTimeout(Duration value) {
            keepAliveTimeout = value;
            return this;
        }

        /** See {@link ConnectionConfig#idleTimeout()}. */
        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        /** See {@link ConnectionConfig#maxRequestsPerConnection()}. */
        public Builder maxRequestsPerConnection(int value) {
            maxRequestsPerConnection = value;
            return this;
        }

        /** See {@link ConnectionConfig#maxDrainBytes()}. */
        public Builder maxDrainBytes(long value) {
            maxDrainBytes = value;
            return this;
        }

        /** Sets both write-buffer water marks, in bytes. */
        public Builder writeBufferWaterMarks(int low, int high) {
            writeBufferLowWaterMark = low;
            writeBufferHighWaterMark = high;
            return this;
        }

        /** See {@link ConnectionConfig#connectionListener()}. */
        public Builder connectionListener(ConnectionListener value) {
            connectionListener = value;
            return this;
        }

        /** See {@link ConnectionConfig#checkContinueHandler()}. */
        public Builder checkContinueHandler(CheckContinueHandler value) {
            checkContinueHandler = value;
            return this;
        }

        /** See {@link ConnectionConfig#checkExpectationHandler()}. */
        public Builder checkExpectationHandler(CheckExpectationHandler value) {
            checkExpectationHandler = value;
            return this;
        }

        /** See {@link ConnectionConfig#upgradeHandler()}. */
        public Builder upgradeHandler(UpgradeHandler value) {
            upgradeHandler = value;
            return this;
        }

        /** See {@link ConnectionConfig#clientErrorHandler()}. */
        public Builder clientErrorHandler(ClientErrorHandler value) {
            clientErrorHandler = value;
            return this;
        }

        /** See {@link ConnectionConfig#timeoutHandler()}. */
        public Builder timeoutHandler(TimeoutHandler value) {
            timeoutHandler = value;
            return this;
        }

        /** See {@link ConnectionConfig#exchangeListener()}. */
        public Builder exchangeListener(ExchangeListener value) {
            exchangeListener = value;
            return this;
        }

        /** See {@link ConnectionConfig#compression()}; {@code null} turns compression off. */
        public Builder compression(CompressionConfig value) {
            compression = value;
            return this;
        }

        /** See {@link ConnectionConfig#handlerExecutor()}. */
        public Builder handlerExecutor(Executor value) {
            handlerExecutor = value;
            return this;
        }

        /** The configuration; throws as the {@link ConnectionConfig} constructor does for a bad option. */
        public ConnectionConfig build() {
            return new ConnectionConfig(decoder, encoder, proxyProtocol, headersTimeout, requestTimeout,
                    keepAliveTimeout, idleTimeout, maxRequestsPerConnection, maxDrainBytes, writeBufferLowWaterMark,
                    writeBufferHighWaterMark, connectionListener, checkContinueHandler, checkExpectationHandler,
                    upgradeHandler, clientErrorHandler, timeoutHandler, exchangeListener,
                    compression, handlerExecutor);
        }
    }
}
