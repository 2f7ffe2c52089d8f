package dev.h1.bench;

import dev.h1.codec.BodyChunk;
import dev.h1.codec.DecodeFailure;
import dev.h1.codec.EndOfBody;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler behind a decoder under benchmark: counts complete requests, body bytes and failures, and releases
 * every message it reads (it is the end of the pipeline, so it owns them). One subclass per decoder's message types.
 *
 * <pre>
 * p.addLast(decoder);
 * p.addLast(RequestCounter.h1()); // or RequestCounter.netty()
 * </pre>
 */
abstract class RequestCounter extends ChannelInboundHandlerAdapter {

    long requests;
    long bodyBytes;
    long failures;

    /** Counts h1's messages: {@link EndOfBody} ends a request, {@link BodyChunk} carries body bytes. */
    static RequestCounter h1() {
        return new H1();
    }

    /** Counts Netty's messages: {@link LastHttpContent} ends a request, {@link HttpContent} carries body bytes. */
    static RequestCounter netty() {
        return new Netty();
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            count(msg);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    abstract void count(Object msg);

    private static final class H1 extends RequestCounter {
        @Override
        void count(Object msg) {
            if (msg instanceof BodyChunk chunk) {
                bodyBytes += chunk.content().readableBytes();
            } else if (msg instanceof EndOfBody) {
                requests++;
            } else if (msg instanceof DecodeFailure) {
                failures++;
            }
        }
    }

    private static final class Netty extends RequestCounter {
        @Override
        void count(Object msg) {
            if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
                failures++;
            }
            if (msg instanceof HttpContent) {
                bodyBytes += ((ByteBufHolder) msg).content().readableBytes();
            }
            if (msg instanceof LastHttpContent) {
                requests++;
            }
        }
    }
}
