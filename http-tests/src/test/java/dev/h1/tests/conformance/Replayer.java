package dev.h1.tests.conformance;

import dev.h1.codec.BodyChunk;
import dev.h1.codec.DecodeFailure;
import dev.h1.codec.DecoderConfig;
import dev.h1.codec.EndOfBody;
import dev.h1.codec.Framing;
import dev.h1.codec.Headers;
import dev.h1.codec.ParseError;
import dev.h1.codec.RequestHead;
import dev.h1.codec.decoder.RequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds one {@link Feed} to a fresh {@link RequestDecoder} in an {@link EmbeddedChannel}, closes the channel (EOF),
 * and reduces every message that comes out to an {@link Outcome}.
 *
 * <p>Each read is copied into a buffer of the channel's allocator, so that Netty's leak detection tracks it and every
 * slice the decoder hands on. Every message read here is released here ({@code BodyChunk} and pass-through
 * {@code ByteBuf} in {@code finally}); the channel ends with {@code finishAndReleaseAll()}. Anything left in the
 * channel, and any written buffer still referenced after that, is reported as a violation of this feed.
 */
public final class Replayer {

    private final DecoderConfig config;

    public Replayer(DecoderConfig config) {
        this.config = config;
    }

    public Outcome run(Feed feed) {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(config));
        Recorder recorder = new Recorder();
        List<ByteBuf> written = new ArrayList<>(feed.reads().size());
        try {
            for (byte[] read : feed.reads()) {
                ByteBuf buffer = channel.alloc().buffer(read.length).writeBytes(read);
                written.add(buffer);
                channel.writeInbound(buffer); // hands our one reference to the decoder (R1)
                recorder.drain(channel);
            }
            recorder.atEof = true;
            channel.finish();
            recorder.drain(channel);
        } catch (RuntimeException e) {
            recorder.violations.add("exception " + e);
        } finally {
            if (channel.finishAndReleaseAll()) {
                recorder.violations.add("messages were left in the channel");
            }
        }
        // Every slice the decoder emitted shares its reference count with a buffer written here, so a body piece or
        // pass-through buffer that nobody released, or one the decoder still holds, shows here, without waiting for
        // the GC-driven leak detector.
        for (int i = 0; i < written.size(); i++) {
            if (written.get(i).refCnt() != 0) {
                recorder.violations.add("read #" + (i + 1) + " is still referenced after the channel finished");
            }
        }
        return recorder.outcome();
    }

    /** Turns the decoder's messages into requests while checking the order the decoder promises. */
    private static final class Recorder {
        final List<Request> completed = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final ByteArrayOutputStream passThrough = new ByteArrayOutputStream();
        RequestHead head;
        ParseError failure;
        ParseError failureAtEof;
        boolean tunnel;
        boolean atEof;

        void drain(EmbeddedChannel channel) {
            for (Object msg; (msg = channel.readInbound()) != null; ) {
                try {
                    record(msg);
                } finally {
                    ReferenceCountUtil.release(msg); // R4: BodyChunk and pass-through ByteBuf; no-op for the rest
                }
            }
        }

        void record(Object msg) {
            if (failure != null || failureAtEof != null) {
                violations.add("message after the DecodeFailure: " + msg);
                return;
            }
            if (msg instanceof ByteBuf bytes) {
                if (!tunnel) {
                    violations.add("pass-through bytes while no upgrade or CONNECT request has completed");
                }
                byte[] copy = new byte[bytes.readableBytes()];
                bytes.getBytes(bytes.readerIndex(), copy);
                passThrough.writeBytes(copy);
                return;
            }
            if (tunnel && !(msg instanceof DecodeFailure)) {
                violations.add("HTTP message after an upgrade or CONNECT request: " + msg);
            }
            if (msg instanceof RequestHead next) {
                if (head != null) {
                    violations.add("RequestHead before the EndOfBody of the previous request: " + next);
                }
                head = next;
                body.reset();
            } else if (msg instanceof BodyChunk chunk) {
                ByteBuf content = chunk.content();
                if (head == null) {
                    violations.add("BodyChunk without a RequestHead");
                }
                if (!content.isReadable()) {
                    violations.add("empty BodyChunk");
                }
                byte[] copy = new byte[content.readableBytes()];
                content.getBytes(content.readerIndex(), copy);
                body.writeBytes(copy);
            } else if (msg instanceof EndOfBody end) {
                if (head == null) {
                    violations.add("EndOfBody without a RequestHead");
                    return;
                }
                completed.add(toRequest(head, end.trailers()));
                tunnel = head.isUpgrade() || head.isConnect();
                head = null;
                body.reset();
            } else if (msg instanceof DecodeFailure decodeFailure) {
                if (atEof) {
                    failureAtEof = decodeFailure.error();
                } else {
                    failure = decodeFailure.error();
                }
            } else {
                violations.add("unexpected message " + msg.getClass().getName() + ": " + msg);
            }
        }

        Request toRequest(RequestHead requestHead, Headers trailers) {
            return new Request(requestHead.method(), requestHead.target(), requestHead.version().text().substring(5),
                    fields(requestHead.headers()), fields(trailers), body.toString(StandardCharsets.ISO_8859_1),
                    requestHead.framing() == Framing.CHUNKED, requestHead.isUpgrade() || requestHead.isConnect());
        }

        static List<Field> fields(Headers headers) {
            List<Field> fields = new ArrayList<>(headers.size());
            for (int i = 0; i < headers.size(); i++) {
                fields.add(new Field(headers.name(i), headers.value(i)));
            }
            return fields;
        }

        Outcome outcome() {
            Request unfinished = head == null ? null : toRequest(head, Headers.empty());
            return new Outcome(completed, unfinished, failure, failureAtEof,
                    passThrough.toString(StandardCharsets.ISO_8859_1), violations);
        }
    }
}
