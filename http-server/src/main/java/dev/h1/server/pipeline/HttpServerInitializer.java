package dev.h1.server.pipeline;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.EncoderConfig;
import dev.h1.codec.UpgradePolicy;
import dev.h1.codec.decoder.RequestDecoder;
import dev.h1.codec.encoder.ResponseEncoder;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.ProxyProtocol;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.compression.ResponseCompressor;
import dev.h1.server.connection.BatchClock;
import dev.h1.server.connection.Http1Connection;
import dev.h1.server.connection.IdleHandler;
import dev.h1.server.connection.ProxyHeaderHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;

import java.time.Clock;
import java.util.Objects;

/**
 * Installs h1 into a channel's pipeline: the one place that defines the order of h1's handlers.
 *
 * <p>As the child handler of a plain {@code ServerBootstrap}:
 * <pre>
 * new ServerBootstrap()
 *         .group(boss, workers)
 *         .channel(NioServerSocketChannel.class)
 *         .childHandler(new HttpServerInitializer(ConnectionConfig.defaults(), (req, res) -&gt; res.end("hello")));
 * </pre>
 * Into an existing pipeline, after the application's own handlers such as an {@code SslHandler} or a logging handler:
 * <pre>
 * ch.pipeline().addLast("tls", sslContext.newHandler(ch.alloc()));
 * HttpServerInitializer.install(ch.pipeline(), config, handler);
 * </pre>
 * In a test, on an {@code EmbeddedChannel}:
 * <pre>
 * EmbeddedChannel ch = new EmbeddedChannel();
 * HttpServerInitializer.install(ch.pipeline(), ConnectionConfig.defaults(), (req, res) -&gt; res.end("hi"));
 * ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", US_ASCII));
 * ByteBuf response = ch.readOutbound(); // "HTTP/1.1 200 OK\r\n..."
 * </pre>
 *
 * <p>It also applies the configured write-buffer water marks to the channel. Handlers, in pipeline order (names as
 * shown):
 * <ol>
 *   <li>{@value #PROXY_DECODER} and {@value #PROXY_HEADER}: only with {@link ConnectionConfig#proxyProtocol()}
 *       {@link ProxyProtocol#REQUIRED}, Netty's PROXY protocol decoder and the handler that gives its addresses to the
 *       connection; both at the <em>head</em> of the pipeline, before any handler of the caller's (TLS), because the
 *       header is the connection's very first bytes; both leave once the header is read;</li>
 *   <li>{@value #IDLE}: an {@code IdleStateHandler} for the idle timeout, only when it is set; it sees traffic both
 *       ways, and counts a response still being written as activity;</li>
 *   <li>{@value #DECODER}: {@link RequestDecoder}, which also tells the connection when a request's first byte
 *       arrives (the start of its headers and request deadlines);</li>
 *   <li>{@value #ENCODER}: {@link ResponseEncoder};</li>
 *   <li>{@value #COMPRESSOR}: compresses response bodies as the request's {@code Accept-Encoding} asks, only when
 *       {@link ConnectionConfig#compression()} is set; between the encoder and the connection, it sees request heads
 *       coming in and response messages going out;</li>
 *   <li>{@value #CONNECTION}: the connection lifecycle and the request/response API.</li>
 * </ol>
 * The handlers are per channel (none is shared). The initializer itself is {@code @Sharable}.
 *
 * <p><b>Threading.</b> {@link #install} runs where the pipeline is built (normally the channel's event loop, in
 * {@link #initChannel}). <b>Buffers.</b> See the request/response API for who owns body buffers.
 */
public final class HttpServerInitializer extends ChannelInitializer<Channel> {

    /** The name of the PROXY protocol decoder (only with {@link ProxyProtocol#REQUIRED}). */
    public static final String PROXY_DECODER = "h1-proxy-decoder";
    /** The name of the handler that applies the PROXY protocol header (only with {@link ProxyProtocol#REQUIRED}). */
    public static final String PROXY_HEADER = "h1-proxy-header";
    /** The name of the idle-timeout handler. */
    public static final String IDLE = "h1-idle";
    /** The name of the request decoder. */
    public static final String DECODER = "h1-decoder";
    /** The name of the response encoder. */
    public static final String ENCODER = "h1-encoder";
    /** The name of the response compressor (only with {@link ConnectionConfig#compression()} set). */
    public static final String COMPRESSOR = "h1-compressor";
    /** The name of the connection handler. */
    public static final String CONNECTION = "h1-connection";

    private final ConnectionConfig config;
    private final RequestHandler handler;
    private final ConnectionGroup group;

    /** An initializer for {@code handler}, with connections served as {@code config} says. */
    public HttpServerInitializer(ConnectionConfig config, RequestHandler handler) {
        this(config, handler, null);
    }

    /** Like {@link #HttpServerInitializer(ConnectionConfig, RequestHandler)}, with {@code group} tracking the
     * connections (may be {@code null}). */
    public HttpServerInitializer(ConnectionConfig config, RequestHandler handler, ConnectionGroup group) {
        this.config = Objects.requireNonNull(config, "config");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.group = group;
        if (config.proxyProtocol() == ProxyProtocol.REQUIRED) {
            newProxyDecoder(); // fail here, not at the first connection, without it
        }
    }

    @Override
    protected void initChannel(Channel ch) {
        install(ch.pipeline(), config, handler, group);
    }

    /** Adds h1's handlers at the end of {@code pipeline}. */
    public static void install(ChannelPipeline pipeline, ConnectionConfig config, RequestHandler handler) {
        install(pipeline, config, handler, null);
    }

    /** Adds h1's handlers at the end of {@code pipeline}, tracked by {@code group} (may be {@code null}). */
    public static void install(ChannelPipeline pipeline, ConnectionConfig config, RequestHandler handler,
                               ConnectionGroup group) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(handler, "handler");
        if (config.proxyProtocol() == ProxyProtocol.REQUIRED) {
            ChannelHandler decoder = newProxyDecoder();
            pipeline.addFirst(PROXY_HEADER, new ProxyHeaderHandler());
            pipeline.addFirst(PROXY_DECODER, decoder);
        }
        // write() returns false and drain listeners run by these marks, and reading pauses above the high one.
        pipeline.channel().config().setWriteBufferWaterMark(
                new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()));
        // A client may shut down its output once its requests are sent and still read the answers (RFC 9112 §9.6):
        // the connection hears of it as an event, answers what came, then closes. Without half-closure the transport
        // closes at the end of input, and whether the read batch's responses were flushed first depends on the
        // transport (io_uring closes first).
        pipeline.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        IdleHandler idle = null;
        if (!config.idleTimeout().isZero()) {
            idle = new IdleHandler(config.idleTimeout()); // a transfer that makes progress is not idle
            pipeline.addLast(IDLE, idle);
        }
        RequestDecoder decoder = new RequestDecoder(decoderConfig(config));
        pipeline.addLast(DECODER, decoder);
        BatchClock clock = new BatchClock();
        pipeline.addLast(ENCODER, new ResponseEncoder(encoderConfig(config.encoder(), clock)));
        if (config.compression() != null) {
            pipeline.addLast(COMPRESSOR, new ResponseCompressor(config.compression()));
        }
        pipeline.addLast(CONNECTION, new Http1Connection(config, handler, decoder, idle,
                group == null ? null : group.tracker(), clock));
    }

    /**
     * The encoder's options: with the system clock (the default), the connection's {@link BatchClock} instead, which
     * gives the Date field the time the connection read for its deadlines; any other clock (a test's) as given.
     */
    private static EncoderConfig encoderConfig(EncoderConfig encoder, BatchClock clock) {
        return Clock.systemUTC().equals(encoder.clock()) ? new EncoderConfig(encoder.server(), clock) : encoder;
    }

    /**
     * The PROXY protocol decoder, from the optional {@code io.netty:netty-codec-haproxy}; its absence is told
     * plainly rather than as a {@link NoClassDefFoundError}.
     */
    private static ChannelHandler newProxyDecoder() {
        try {
            return ProxyHeaderHandler.newDecoder();
        } catch (LinkageError absent) {
            throw new IllegalStateException("ProxyProtocol.REQUIRED needs io.netty:netty-codec-haproxy on the class"
                    + " path", absent);
        }
    }

    /**
     * Upgrade requests stop HTTP parsing only when an upgrade handler will take the connection; otherwise they are
     * ordinary requests (RFC 9110 §7.8 lets a server ignore Upgrade).
     */
    private static DecoderConfig decoderConfig(ConnectionConfig config) {
        UpgradePolicy policy = config.upgradeHandler() != null ? UpgradePolicy.PASS_THROUGH
                : UpgradePolicy.PARSE_AS_HTTP;
        return config.decoder().upgradePolicy() == policy ? config.decoder()
                : config.decoder().toBuilder().upgradePolicy(policy).build();
    }
}
