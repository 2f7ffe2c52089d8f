package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.Objects;

/** Skeleton: being implemented. */
public final class RequestDecoder extends ByteToMessageDecoder {
    private final DecoderConfig config;

    public RequestDecoder() {
        this(DecoderConfig.defaults());
    }

    public RequestDecoder(DecoderConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        in.skipBytes(in.readableBytes());
    }
}
