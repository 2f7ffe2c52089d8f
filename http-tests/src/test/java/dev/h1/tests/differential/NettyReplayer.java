package dev.h1.tests.differential;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds one input, whole, to Netty's {@link HttpRequestDecoder} in an {@link EmbeddedChannel}, closes the channel,
 * and reduces what comes out to a {@link Parse}. Every message read is released here.
 *
 * <p>Netty runs with its defaults (strict line parsing, RFC 9112 Transfer-Encoding handling, duplicate
 * Content-Length rejected, header validation), except that its request-line and header-section limits are raised to
 * h1's defaults (8 KiB, 16 KiB), so that no generated input meets a limit on one side only.
 */
final class NettyReplayer {

    static final HttpDecoderConfig CONFIG = new HttpDecoderConfig()
            .setMaxInitialLineLength(8 * 1024)
            .setMaxHeaderSize(16 * 1024);

    private NettyReplayer() {
    }

    static Parse run(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder(CONFIG));
        Recorder recorder = new Recorder();
        try {
            channel.writeInbound(channel.alloc().buffer(input.length).writeBytes(input));
            recorder.drain(channel);
            channel.finish();
            recorder.drain(channel);
        } finally {
            channel.finishAndReleaseAll();
        }
        return recorder.parse();
    }

    private static final class Recorder {
        final List<Parse.Message> completed = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpRequest head;
        Parse.End end;
        String detail = "";

        void drain(EmbeddedChannel channel) {
            for (Object msg; (msg = channel.readInbound()) != null; ) {
                try {
                    record(msg);
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }
        }

        void record(Object msg) {
            if (end != null) {
                return; // Netty discards after a failure (BAD_MESSAGE); nothing of interest follows
            }
            if (!(msg instanceof HttpObject object)) {
                end = Parse.End.REJECTED;
                detail = "unexpected " + msg.getClass().getSimpleName();
                return;
            }
            DecoderResult result = object.decoderResult();
            if (result.isFailure()) {
                boolean atEof = result.cause() instanceof PrematureChannelClosureException;
                end = atEof ? Parse.End.INCOMPLETE : Parse.End.REJECTED;
                detail = result.cause().getClass().getSimpleName() + ": " + result.cause().getMessage();
                return;
            }
            if (msg instanceof HttpRequest request) {
                head = request;
                body.reset();
            }
            if (msg instanceof HttpContent content) {
                ByteBuf bytes = content.content();
                byte[] copy = new byte[bytes.readableBytes()];
                bytes.getBytes(bytes.readerIndex(), copy);
                body.writeBytes(copy);
            }
            if (msg instanceof LastHttpContent && head != null) {
                completed.add(new Parse.Message(head.method().name(), head.uri(), head.protocolVersion().text(),
                        body.toString(StandardCharsets.ISO_8859_1)));
                head = null;
            }
        }

        Parse parse() {
            if (end == null) {
                end = head != null ? Parse.End.INCOMPLETE : Parse.End.ACCEPTED;
            }
            return new Parse(completed, end, detail);
        }
    }
}
