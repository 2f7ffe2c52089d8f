package dev.h1.testing;

import dev.h1.codec.BodyChunk;
import dev.h1.codec.DecodeFailure;
import dev.h1.codec.DecoderConfig;
import dev.h1.codec.EndOfBody;
import dev.h1.codec.Headers;
import dev.h1.codec.RequestHead;
import dev.h1.codec.RequestStarted;
import dev.h1.codec.decoder.RequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds raw bytes to a {@link RequestDecoder} in an {@link EmbeddedChannel} and writes what comes out as an event
 * log, one line per event, so that tests compare plain text:
 * <pre>
 * start                      (the RequestStarted user event: the first byte of a request arrived)
 * head GET /a HTTP/1.1 CONTENT_LENGTH 5 keep-alive expect=NONE upgrade=false
 * header Host: example.com
 * body hello                 (all body pieces of one request, concatenated: piece sizes depend on the split)
 * end
 * trailer Vary: *
 * pass tunnel bytes          (bytes passed through after an upgrade or CONNECT, concatenated)
 * fail 431 HEADER_FIELDS_TOO_LARGE
 * eof-fail 400 TRUNCATED_MESSAGE   (reported when the channel closes)
 * </pre>
 * Body and pass-through bytes are printed as ISO-8859-1 text. Every message read is released here; the channel is
 * finished, and nothing may be left in it unread.
 *
 * <p>Every log records {@code start} events where they happened among the messages; every split must give them at
 * the same places, and each log must have exactly one {@code start} before each request's head and none inside a
 * request ({@link #assertStartsFrameRequests}). Most tests are about the messages, so {@code decodeAllSplits}
 * returns the log without the {@code start} lines; {@code decodeAllSplitsWithStarts} returns all of it.
 */
public final class DecoderHarness {

    private DecoderHarness() {
    }

    /**
     * Decodes {@code input} with every {@link Split}; asserts all logs are identical, {@code start} events included,
     * and returns that log without its {@code start} lines.
     */
    public static List<String> decodeAllSplits(DecoderConfig config, byte[] input, boolean eof) {
        return withoutStarts(decodeAllSplitsWithStarts(config, input, eof));
    }

    /**
     * Like {@link #decodeAllSplits(DecoderConfig, byte[], boolean)}, but returns the log with its {@code start} lines.
     */
    public static List<String> decodeAllSplitsWithStarts(DecoderConfig config, byte[] input, boolean eof) {
        List<String> expected = decode(config, List.of(input), eof);
        for (Split split : Split.values()) {
            List<List<byte[]>> feeds = split.feeds(input);
            for (int f = 0; f < feeds.size(); f++) {
                List<String> actual = decode(config, feeds.get(f), eof);
                assertEquals(expected, actual, () -> "split " + split + " feed differs from WHOLE");
            }
        }
        return expected;
    }

    /** {@link #decodeAllSplits(DecoderConfig, byte[], boolean)} for ISO-8859-1 text, without EOF. */
    public static List<String> decodeAllSplits(DecoderConfig config, String input) {
        return decodeAllSplits(config, input.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    /** {@link #decodeAllSplits(DecoderConfig, String)} with the default configuration. */
    public static List<String> decodeAllSplits(String input) {
        return decodeAllSplits(DecoderConfig.defaults(), input);
    }

    /** {@link #decodeAllSplitsWithStarts(DecoderConfig, byte[], boolean)} for ISO-8859-1 text, without EOF. */
    public static List<String> decodeAllSplitsWithStarts(String input) {
        return decodeAllSplitsWithStarts(DecoderConfig.defaults(), input.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    /** {@code log} without its {@code start} lines. */
    public static List<String> withoutStarts(List<String> log) {
        return log.stream().filter(line -> !line.equals(START)).toList();
    }

    /**
     * Asserts that {@code log} announces each request once, before its head, and never inside a request: a
     * {@code start} only while no request is under way, a {@code head} only after a {@code start}.
     */
    public static void assertStartsFrameRequests(List<String> log) {
        boolean announced = false;
        boolean inside = false;
        for (String line : log) {
            if (line.equals(START)) {
                assertTrue(!announced && !inside, () -> "start inside a request or twice in " + log);
                announced = true;
            } else if (line.startsWith("head ")) {
                assertTrue(announced, () -> "head without a start before it in " + log);
                announced = false;
                inside = true;
            } else if (line.equals("end")) {
                inside = false;
            }
        }
    }

    /** Feeds the reads in order, optionally closes the channel (EOF), and returns the event log. */
    public static List<String> decode(DecoderConfig config, List<byte[]> reads, boolean eof) {
        return decodeBuffers(config, reads.stream().map(Unpooled::wrappedBuffer).toList(), eof);
    }

    /**
     * Like {@link #decode(DecoderConfig, List, boolean)}, with reads that are buffers of any kind (direct, composite,
     * sliced, with a reader index above 0); the decoder takes ownership of each, as of a socket read.
     */
    public static List<String> decodeBuffers(DecoderConfig config, List<ByteBuf> reads, boolean eof) {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(config), new StartsAsMessages());
        Log log = new Log();
        for (ByteBuf read : reads) {
            channel.writeInbound(read);
            log.drain(channel, "");
        }
        if (eof) {
            channel.finish();
            log.drain(channel, "eof-");
        }
        log.flush();
        assertTrue(channel.inboundMessages().isEmpty() && channel.outboundMessages().isEmpty(),
                "messages left in the channel");
        // Without EOF the input may end inside a request; closing the channel now makes the decoder report the
        // truncation, which this feed does not look at: release it with the rest.
        channel.finishAndReleaseAll();
        assertStartsFrameRequests(log.lines);
        return log.lines;
    }

    private static final String START = "start";

    /**
     * Passes the {@link RequestStarted} event on as an inbound message, so that it lands in the channel's inbound
     * queue in the order it was fired among the decoder's messages.
     */
    private static final class StartsAsMessages extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == RequestStarted.INSTANCE) {
                ctx.fireChannelRead(event);
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }
    }

    private static final class Log {
        final List<String> lines = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final ByteArrayOutputStream passed = new ByteArrayOutputStream();

        void drain(EmbeddedChannel channel, String prefix) {
            for (Object msg; (msg = channel.readInbound()) != null; ) {
                record(msg, prefix);
            }
        }

        void record(Object msg, String prefix) {
            if (msg instanceof BodyChunk chunk) {
                try {
                    ByteBuf content = chunk.content();
                    if (!content.isReadable()) {
                        lines.add("EMPTY BODY CHUNK (must never be emitted)");
                    }
                    content.getBytes(content.readerIndex(), body, content.readableBytes());
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                } finally {
                    chunk.release();
                }
                return;
            }
            if (msg instanceof ByteBuf bytes) {
                try {
                    flushBody();
                    bytes.getBytes(bytes.readerIndex(), passed, bytes.readableBytes());
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                } finally {
                    bytes.release();
                }
                return;
            }
            flush();
            if (msg == RequestStarted.INSTANCE) {
                lines.add(START);
            } else if (msg instanceof RequestHead head) {
                lines.add("head " + head.method() + ' ' + head.target() + ' ' + head.version() + ' ' + head.framing()
                        + (head.contentLength() >= 0 ? " " + head.contentLength() : "")
                        + (head.isKeepAlive() ? " keep-alive" : " close")
                        + " expect=" + head.expectation() + " upgrade=" + head.isUpgrade());
                addFields("header", head.headers());
            } else if (msg instanceof EndOfBody end) {
                lines.add("end");
                addFields("trailer", end.trailers());
            } else if (msg instanceof DecodeFailure failure) {
                lines.add(prefix + "fail " + failure.error().status() + ' ' + failure.error());
            } else {
                lines.add("UNEXPECTED " + msg.getClass().getName() + ": " + msg);
            }
        }

        void addFields(String kind, Headers fields) {
            for (int i = 0; i < fields.size(); i++) {
                lines.add(kind + ' ' + fields.name(i) + ": " + fields.value(i));
            }
        }

        void flushBody() {
            if (body.size() > 0) {
                lines.add("body " + body.toString(StandardCharsets.ISO_8859_1));
                body.reset();
            }
        }

        void flush() {
            flushBody();
            if (passed.size() > 0) {
                lines.add("pass " + passed.toString(StandardCharsets.ISO_8859_1));
                passed.reset();
            }
        }
    }
}
