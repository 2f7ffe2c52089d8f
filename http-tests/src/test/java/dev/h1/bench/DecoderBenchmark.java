package dev.h1.bench;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.decoder.RequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
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
 * h1's {@link RequestDecoder} against Netty's {@link HttpRequestDecoder} on the same inputs in the same run. One
 * operation decodes one whole {@link BenchmarkInput} (for {@link BenchmarkInput#PLAINTEXT_PIPELINED_16}: 16
 * requests). Run by hand with {@code -prof gc}; see docs/BENCHMARKS.md.
 *
 * <p>Both decoders get identical treatment: each sits in its own {@link EmbeddedChannel} in front of a
 * {@link RequestCounter} that releases every message, and each operation fires a retained duplicate of one pooled
 * direct buffer holding the input through the pipeline, as a socket read does. That feeding costs both sides the same
 * (16 B/op, measured without a decoder). Both decoders run with their default configuration: Netty's validates
 * headers. Leak detection is off in the forked JVM so that its sampling adds no allocation to either side.
 * The benchmark thread is a {@code FastThreadLocalThread}, as an event loop's is ({@link EventLoopThreads}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=dev.h1.bench.EventLoopThreads"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecoderBenchmark {

    @Param
    BenchmarkInput input;

    private ByteBuf source;
    private EmbeddedChannel h1Channel;
    private EmbeddedChannel nettyChannel;
    RequestCounter h1Counter;
    RequestCounter nettyCounter;

    @Setup
    public void setUp() {
        byte[] bytes = input.bytes();
        source = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        h1Counter = RequestCounter.h1();
        nettyCounter = RequestCounter.netty();
        h1Channel = new EmbeddedChannel(new RequestDecoder(DecoderConfig.defaults()), h1Counter);
        nettyChannel = new EmbeddedChannel(new HttpRequestDecoder(), nettyCounter);
    }

    @TearDown
    public void tearDown() {
        close();
    }

    /**
     * Finishes both channels, which rethrows what a pipeline threw, and releases everything; returns whether either
     * channel still held a message (it must not: the counters consume all).
     */
    boolean close() {
        try {
            boolean h1Left = h1Channel.finishAndReleaseAll();
            boolean nettyLeft = nettyChannel.finishAndReleaseAll();
            return h1Left || nettyLeft;
        } finally {
            source.release();
        }
    }

    @Benchmark
    public long h1() {
        feed(h1Channel);
        return h1Counter.requests;
    }

    @Benchmark
    public long netty() {
        feed(nettyChannel);
        return nettyCounter.requests;
    }

    /**
     * One socket read as the channel would deliver it. Not {@code writeInbound(..)}: its varargs array would add an
     * allocation to every operation.
     */
    private void feed(EmbeddedChannel channel) {
        channel.pipeline().fireChannelRead(source.retainedDuplicate()).fireChannelReadComplete();
    }
}
