package dev.h1.server.connection;

import dev.h1.server.api.CloseReason;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol.AddressFamily;
import io.netty.util.NetUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.net.InetSocketAddress;

/**
 * Takes the PROXY protocol header that Netty's {@link HAProxyMessageDecoder} (just before it) decodes from the
 * connection's first bytes, and makes the connection show the client's addresses it tells; then leaves the pipeline,
 * as the decoder does, so that the bytes after the header go straight to h1's request decoder.
 *
 * <p>The decoder and this handler stand at the head of the pipeline, before any TLS handler: the proxy writes the
 * header before anything else on the connection. A connection whose first bytes are not a valid header (a plain HTTP
 * request, a malformed or oversized header) is closed by the decoder without an answer, and its bytes never reach
 * the request decoder; this handler records the close as {@link CloseReason#PROXY_PROTOCOL_ERROR}. A header that
 * never comes is cut by the connection's headers timeout, which runs from the connection's open.
 *
 * <p>Every reference to {@code io.netty:netty-codec-haproxy}, an optional dependency, is in this class, which is
 * loaded only when the PROXY protocol is configured.
 *
 * <p><b>Threading.</b> Event loop only. <b>Buffers.</b> The {@link HAProxyMessage} (which holds the header's TLV
 * buffers) is released here; other messages pass on untouched.
 */
public final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ProxyHeaderHandler.class);

    private boolean refused;

    /** The decoder to place just before this handler. */
    public static ChannelHandler newDecoder() {
        return new HAProxyMessageDecoder();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            Http1Connection connection = ctx.pipeline().get(Http1Connection.class);
            ProxiedAddresses addresses = addresses(header);
            if (connection != null && addresses != null) {
                connection.proxied(addresses);
            }
        } finally {
            header.release();
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof HAProxyProtocolException)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        // The decoder has closed the connection already (the spec: drop it at once); it may fail once more on the
        // bytes it still holds when the channel goes inactive, hence the flag.
        if (!refused) {
            refused = true;
            LOG.debug("{} closed: no valid PROXY protocol header: {}", ctx.channel(), cause.getMessage());
            Http1Connection connection = ctx.pipeline().get(Http1Connection.class);
            if (connection != null) {
                connection.closeNow(CloseReason.PROXY_PROTOCOL_ERROR);
            }
        }
    }

    /**
     * The client's and the destination's addresses a header tells, or null where the connection's own addresses
     * stand: a {@code LOCAL} header (the proxy's own connection, such as a health check) and the {@code UNKNOWN} and
     * {@code UNIX} families, for which the spec says the receiver uses the real connection's addresses.
     */
    static ProxiedAddresses addresses(HAProxyMessage header) {
        AddressFamily family = header.proxiedProtocol().addressFamily();
        if (header.command() != HAProxyCommand.PROXY
                || family != AddressFamily.AF_IPv4 && family != AddressFamily.AF_IPv6) {
            return null;
        }
        return new ProxiedAddresses(address(header.sourceAddress(), header.sourcePort()),
                address(header.destinationAddress(), header.destinationPort()));
    }

    /** The decoder checked that {@code ip} is a literal address: made without a name lookup. */
    private static InetSocketAddress address(String ip, int port) {
        return new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(ip), port);
    }
}
