package dev.h1.bench;

import dev.h1.codec.EndOfResponse;
import dev.h1.codec.FullResponse;
import dev.h1.codec.Headers;
import dev.h1.codec.ResponseContent;
import dev.h1.codec.ResponseHead;
import dev.h1.codec.encoder.ResponseEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * h1's {@link ResponseEncoder} against Netty's {@link HttpResponseEncoder}: responses per second, and with
 * {@code -prof gc} bytes allocated per response. One operation writes one whole response, as each encoder's API has
 * an application write it, flushes, and takes every outbound buffer off the channel and releases it.
 *
 * <p>Each encoder sits alone in an {@link EmbeddedChannel} (not a context stub: both then pay the same real pipeline
 * costs). Both sides write every message but the last with the channel's void promise and the last with a new one, as
 * a tuned application of either does (and as h1's server does): what is measured is the encoders, not promises. The
 * header fields are built once in setup and shared (both encoders only read them); each operation makes the message
 * objects that carry them and a duplicate of one shared read-only body buffer, which is what an application that
 * prebuilds its headers does. So the figures are the encoders' own cost plus each API's message objects:
 * <ul>
 *   <li>{@link Case#FIXED_13}: 200 with Content-Type, Content-Length: 13 and Date, and a 13-byte body, written whole:
 *       h1 writes one {@code FullResponse}, Netty one {@code DefaultFullHttpResponse}.</li>
 *   <li>{@link Case#CHUNKED_4X1K}: 200 with Content-Type and Date, chunked, four 1 KiB chunks, no trailers. h1 writes a
 *       head without a length (it announces chunked itself), four contents and the end; Netty a
 *       {@code DefaultHttpResponse} with {@code Transfer-Encoding: chunked}, four {@code DefaultHttpContent}s and
 *       {@code LastHttpContent.EMPTY_LAST_CONTENT}.</li>
 * </ul>
 * Both give a Date field, so h1 adds none of its own; h1's encoder has no Server field by default. The JVM runs with
 * leak detection off so that its sampling adds no allocation to either side.
 * The benchmark thread is a {@code FastThreadLocalThread}, as an event loop's is ({@link EventLoopThreads}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=dev.h1.bench.EventLoopThreads"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class EncoderBenchmark {

    /** The response each operation writes. */
    public enum Case {
        FIXED_13, CHUNKED_4X1K
    }

    static final String DATE = "Sat, 05 Dec 2026 12:00:00 GMT";
    static final int CHUNKS = 4;
    static final int CHUNK_BYTES = 1024;

    private static final ByteBuf CHUNK = SharedBodies.readOnly(RequestBytes.body(CHUNK_BYTES));

    @Param
    Case response;

    private EmbeddedChannel h1Channel;
    private EmbeddedChannel nettyChannel;
    private ResponseHead h1Head;
    private HttpHeaders nettyHeaders;

    @Setup
    public void setUp() {
        h1Channel = new EmbeddedChannel(new ResponseEncoder());
        nettyChannel = new EmbeddedChannel(new HttpResponseEncoder());
        Headers h1Fields = new Headers().add("Content-Type", "text/plain");
        nettyHeaders = new DefaultHttpHeaders().add(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        if (response == Case.FIXED_13) {
            h1Fields.add("Content-Length", "13");
            nettyHeaders.add(HttpHeaderNames.CONTENT_LENGTH, "13");
        } else {
            nettyHeaders.add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        h1Fields.add("Date", DATE);
        nettyHeaders.add(HttpHeaderNames.DATE, DATE);
        h1Head = new ResponseHead(200, null, h1Fields, "GET", dev.h1.codec.HttpVersion.HTTP_1_1);
    }

    @TearDown
    public void tearDown() {
        close();
    }

    /** Finishes both channels, rethrowing what an encoder threw; returns whether either still held a message. */
    boolean close() {
        boolean h1Left = h1Channel.finishAndReleaseAll();
        boolean nettyLeft = nettyChannel.finishAndReleaseAll();
        return h1Left || nettyLeft;
    }

    @Benchmark
    public long h1() {
        writeH1();
        return ChannelDrain.release(h1Channel);
    }

    @Benchmark
    public long netty() {
        writeNetty();
        return ChannelDrain.release(nettyChannel);
    }

    /** One response from h1's encoder, every outbound byte copied (for the smoke test). */
    ByteBuf h1Bytes() {
        writeH1();
        return ChannelDrain.copy(h1Channel);
    }

    /** One response from Netty's encoder, every outbound byte copied (for the smoke test). */
    ByteBuf nettyBytes() {
        writeNetty();
        return ChannelDrain.copy(nettyChannel);
    }

    private void writeH1() {
        EmbeddedChannel ch = h1Channel;
        if (response == Case.FIXED_13) {
            ch.writeAndFlush(new FullResponse(h1Head, SharedBodies.plaintext()));
            return;
        }
        ch.write(h1Head, ch.voidPromise());
        for (int i = 0; i < CHUNKS; i++) {
            ch.write(new ResponseContent(CHUNK.duplicate()), ch.voidPromise());
        }
        ch.writeAndFlush(EndOfResponse.NO_TRAILERS);
    }

    private void writeNetty() {
        EmbeddedChannel ch = nettyChannel;
        if (response == Case.FIXED_13) {
            ch.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    SharedBodies.plaintext(), nettyHeaders, EmptyHttpHeaders.INSTANCE));
            return;
        }
        ch.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, nettyHeaders),
                ch.voidPromise());
        for (int i = 0; i < CHUNKS; i++) {
            ch.write(new DefaultHttpContent(CHUNK.duplicate()), ch.voidPromise());
        }
        ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }
}
