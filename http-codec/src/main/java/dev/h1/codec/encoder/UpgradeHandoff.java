package dev.h1.codec.encoder;

import dev.h1.codec.decoder.RequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.Objects;

/**
 * Hands the connection from the HTTP/1.1 codec to the next protocol's handler after a 101 (Switching Protocols,
 * RFC 9110 §15.2.2, §7.8) or a 2xx answer to CONNECT (RFC 9110 §9.3.6), so that every byte the client sent after the
 * request reaches the new handler exactly once and in order.
 *
 * <pre>
 * p.addLast("h1-decoder", new RequestDecoder());    // before: decoder, encoder, HTTP handler
 * p.addLast("h1-encoder", new ResponseEncoder());
 * ctx.writeAndFlush(switchingHead).addListener(f -&gt;  // a ResponseHead with status 101, from the HTTP handler
 *         UpgradeHandoff.switchTo(ctx.pipeline(), "ws", new MyWebSocketHandler()));
 * // after: "ws" where the decoder was; the HTTP handler removes itself
 * </pre>
 *
 * <p>One call, in this order:
 * <ol>
 *   <li>removes the {@link ResponseEncoder}, which writes out any bytes it still held (the 101 head, if it was not
 *       flushed: they then go out with the next flush, still before anything the new protocol writes);</li>
 *   <li>adds {@code next} right after the request decoder;</li>
 *   <li>passes {@code received} (bytes the decoder already emitted and the caller kept) to {@code next};</li>
 *   <li>removes the decoder <b>last</b>: {@link ByteToMessageDecoder#handlerRemoved} hands the bytes it had
 *       buffered on to the next handler, which is now {@code next}.</li>
 * </ol>
 * Handlers after the decoder (such as the HTTP connection handler) are the caller's to remove.
 *
 * <p>Threading: call it on the channel's event loop (in a listener of the flushed head, for example), so that no read
 * slips in between the steps. Ownership: the buffers in {@code received} pass to this method, and from it to
 * {@code next}; they are released if the hand-off cannot happen.
 */
public final class UpgradeHandoff {

    private UpgradeHandoff() {
    }

    /**
     * Switches from the pipeline's {@link RequestDecoder} and {@link ResponseEncoder} to {@code next}.
     *
     * @param pipeline the channel's pipeline, holding the decoder and the encoder
     * @param name     the name of {@code next} in the pipeline, or {@code null} for a generated one
     * @param next     the handler of the next protocol; it receives every byte after the switching request
     * @throws IllegalStateException off the event loop, without the codec in the pipeline, or before the encoder
     *                              wrote a head that switches protocols
     */
    public static void switchTo(ChannelPipeline pipeline, String name, ChannelHandler next) {
        switchTo(pipeline, pipeline.get(RequestDecoder.class), name, next, List.of());
    }

    /**
     * Switches from {@code decoder} and the pipeline's {@link ResponseEncoder} to {@code next}, first passing
     * {@code received} to {@code next}.
     *
     * @param pipeline the channel's pipeline, holding the decoder and the encoder
     * @param decoder  the inbound decoder whose buffered bytes belong to the next protocol, normally the
     *                 {@link RequestDecoder}
     * @param name     the name of {@code next} in the pipeline, or {@code null} for a generated one
     * @param next     the handler of the next protocol; it receives every byte after the switching request
     * @param received bytes that arrived after the switching request and that the decoder already emitted, in the
     *                 order received; this method takes over their references, passes them to {@code next}, and
     *                 releases them if the hand-off cannot happen
     * @throws IllegalStateException off the event loop, without {@code decoder} or the encoder in the pipeline, or
     *                              before the encoder wrote a head that switches protocols
     */
    public static void switchTo(ChannelPipeline pipeline, ByteToMessageDecoder decoder, String name,
                                ChannelHandler next, List<ByteBuf> received) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(received, "received");
        ChannelHandlerContext decoderCtx;
        ChannelHandlerContext encoderCtx;
        try {
            decoderCtx = checkedDecoder(pipeline, decoder);
            encoderCtx = checkedEncoder(pipeline);
        } catch (IllegalStateException notReady) {
            received.forEach(ByteBuf::release); // R4: dropped, so released at once
            throw notReady;
        }
        pipeline.remove(encoderCtx.handler());
        pipeline.addAfter(decoderCtx.name(), name, next);
        if (!received.isEmpty()) {
            for (ByteBuf bytes : received) {
                decoderCtx.fireChannelRead(bytes); // the decoder's next handler is now `next`
            }
            decoderCtx.fireChannelReadComplete();
        }
        pipeline.remove(decoderCtx.handler());
    }

    private static ChannelHandlerContext checkedDecoder(ChannelPipeline pipeline, ByteToMessageDecoder decoder) {
        if (!pipeline.channel().eventLoop().inEventLoop()) {
            throw new IllegalStateException("switch protocols on the channel's event loop");
        }
        ChannelHandlerContext ctx = decoder == null ? null : pipeline.context(decoder);
        if (ctx == null) {
            throw new IllegalStateException("no request decoder in the pipeline");
        }
        return ctx;
    }

    private static ChannelHandlerContext checkedEncoder(ChannelPipeline pipeline) {
        ChannelHandlerContext ctx = pipeline.context(ResponseEncoder.class);
        if (ctx == null) {
            throw new IllegalStateException("no ResponseEncoder in the pipeline");
        }
        if (!((ResponseEncoder) ctx.handler()).isSwitched()) {
            throw new IllegalStateException("no 101 (Switching Protocols) or 2xx CONNECT head was written");
        }
        return ctx;
    }
}
