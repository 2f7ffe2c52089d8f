package dev.h1.server.connection;

import dev.h1.codec.FieldText;
import dev.h1.codec.Headers;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.api.Upgrade;
import dev.h1.server.exchange.Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@link Upgrade} handle of one upgrade or CONNECT exchange. Any thread may call it: arguments are checked on the
 * caller's thread, the switch happens on the event loop.
 */
final class DefaultUpgrade implements Upgrade {

    private final Exchange exchange;
    private final ProtocolSwitch protocolSwitch;
    private final ByteBuf headView;

    DefaultUpgrade(Exchange exchange, ProtocolSwitch protocolSwitch, List<ByteBuf> received) {
        this.exchange = exchange;
        this.protocolSwitch = protocolSwitch;
        // A copy for inspection; the received buffers themselves go to the next protocol's handler.
        int size = 0;
        for (ByteBuf bytes : received) {
            size += bytes.readableBytes();
        }
        byte[] copy = new byte[size];
        int at = 0;
        for (ByteBuf bytes : received) {
            bytes.getBytes(bytes.readerIndex(), copy, at, bytes.readableBytes());
            at += bytes.readableBytes();
        }
        this.headView = Unpooled.wrappedBuffer(copy).asReadOnly();
    }

    @Override
    public Channel channel() {
        return exchange.request().channel();
    }

    @Override
    public ByteBuf head() {
        return headView.duplicate();
    }

    @Override
    public CompletionStage<Channel> switchProtocols(Headers headers, ChannelHandler next) {
        headers.forEach(FieldText::checkFieldValue);
        headers.forEach((name, value) -> FieldText.checkHeaderName(name));
        if (!exchange.head().isConnect() && !headers.contains("Upgrade")) {
            throw new IllegalArgumentException(
                    "a 101 (Switching Protocols) must name the protocol in an Upgrade field (RFC 9110 §15.2.2)");
        }
        Headers copy = headers.copy();
        CompletableFuture<Channel> switched = new CompletableFuture<>();
        exchange.onLoop(() -> protocolSwitch.switchProtocols(exchange, copy, next, switched));
        return switched;
    }

    @Override
    public ServerResponse response() {
        exchange.onLoop(() -> exchange.closeAfterResponse(CloseReason.NOT_PERSISTENT));
        return exchange.response();
    }
}
