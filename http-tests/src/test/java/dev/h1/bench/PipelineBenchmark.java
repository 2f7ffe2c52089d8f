package dev.h1.bench;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.cli.Main;
import dev.h1.server.cli.Options;
import dev.h1.server.pipeline.HttpServerInitializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A whole HTTP/1.1 server pipeline without sockets, h1 against Netty, in nanoseconds per request (and, with
 * {@code -prof gc}, bytes allocated per request): the noise-resistant proxy of bench/e2e.sh's server CPU per request.
 *
 * <ul>
 *   <li>h1: {@code HttpServerInitializer.install(ch.pipeline(), ConnectionConfig.defaults(), ..)} with h1-server.jar's
 *       own routes ({@code Main.handler(Options.defaults())}: {@code GET /plaintext} ends with the {@code String}
 *       {@code "Hello, World!"}, {@code POST /echo} streams the body back with back-pressure), on an
 *       {@link EmbeddedChannel}: decoder, encoder, connection lifecycle (with its default keep-alive, headers and
 *       request timers, unless the {@link #h1Timers} parameter turns them off), the request/response API and the
 *       application, as bench/e2e.sh runs them.</li>
 *   <li>Netty: {@link NettyReferenceServer#install} ({@code HttpServerCodec} and {@link NettyReferenceHandler}, the
 *       same pipeline the reference server runs), on an {@link EmbeddedChannel}.</li>
 * </ul>
 * One invocation is one socket read as the channel would deliver it: {@link EmbeddedChannel#writeInbound} of a retained
 * duplicate of one pooled direct buffer holding an {@link ExchangeInput}, which fires the read and read-complete (where
 * both flush) and then runs the event loop's pending tasks; then every outbound buffer is taken off the channel and
 * released, so nothing accumulates. The pipelined input holds 16
 * requests, so its methods count 16 operations per invocation: every figure is per request. The methods return the
 * response bytes, which JMH consumes. Leak detection is off in the forked JVM so that its sampling adds no allocation.
 * The benchmark thread is a {@code FastThreadLocalThread}, as an event loop's is ({@link EventLoopThreads}).
 *
 * <p>The forked JVM's heap is fixed and touched at start ({@code -Xms1g -Xmx1g -XX:+AlwaysPreTouch}, both sides):
 * with the default heap, which G1 sizes during the run, h1's time per request settled only after 7 to 16 one-second
 * iterations (h1Echo1k: 1,470 to 1,680 ns in iterations 6 to 16, 1,190 from the 17th; h1Plaintext, three runs: 1,060
 * to 1,230 ns until the 7th to 15th, about 900 after), so the 5 warm-up iterations left part of that in the measured
 * ones. With the fixed heap both sides settle by the third iteration (docs/BENCHMARKS.md, "The runs of the fourteenth
 * session"). The warm-up then lasts 10 iterations so that it takes in h1's first keep-alive check (its default 5 s
 * after the first request): the first task the harness's event loop runs makes the JIT compiler give up and redo the
 * code it had compiled for {@code writeInbound} (seen in -XX:+PrintCompilation, 7.8 to 8.2 s into each of six forks),
 * which with 5 warm-up iterations fell at the start of the measured ones. Each later check (every 5 s) may make it
 * redo more, and the pipeline then runs at one of two levels about a quarter apart: one round decides nothing, the
 * median of several interleaved rounds (bench/jmh.sh) is the figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=dev.h1.bench.EventLoopThreads", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class PipelineBenchmark {

    /** h1-server.jar's own routes ({@code GET /plaintext}, {@code POST /echo}, ...), stateless and shared. */
    private static final RequestHandler ROUTES = Main.handler(Options.defaults());

    /** Which server pipeline a channel runs. */
    enum Server {
        H1, NETTY;

        /** A channel running this server's pipeline; {@code timers} concern h1's alone. */
        EmbeddedChannel newChannel(H1Timers timers) {
            EmbeddedChannel channel = new EmbeddedChannel();
            if (this == H1) {
                HttpServerInitializer.install(channel.pipeline(), timers.config(), ROUTES);
            } else {
                NettyReferenceServer.install(channel.pipeline());
            }
            return channel;
        }
    }

    /**
     * h1's connection timers, the {@link #h1Timers} parameter. {@code DEFAULT} is what the targets are measured with.
     * {@code OFF} (keep-alive, headers and request deadlines disabled) is a diagnostic of what the harness charges for
     * them: while h1 has its deadline check scheduled, as it always has with its defaults, each of the two runs of the
     * pending tasks per read ({@link #feed}) also reads the clock to find the check's delay, which Netty's pipeline,
     * which schedules nothing, never has to; a real event loop reads its clock per wake-up, whatever the number of
     * requests it serves. Run it with {@code bench/jmh.sh PipelineBenchmark -- -p h1Timers=OFF}.
     */
    public enum H1Timers {
        DEFAULT(ConnectionConfig.defaults()),
        OFF(ConnectionConfig.builder().keepAliveTimeout(Duration.ZERO).headersTimeout(Duration.ZERO)
                .requestTimeout(Duration.ZERO).build());

        private final ConnectionConfig config;

        H1Timers(ConnectionConfig config) {
            this.config = config;
        }

        ConnectionConfig config() {
            return config;
        }
    }

    /** See {@link H1Timers}; Netty's side is the same either way. */
    @Param("DEFAULT")
    public H1Timers h1Timers = H1Timers.DEFAULT;

    private final Map<ExchangeInput, ByteBuf> sources = new EnumMap<>(ExchangeInput.class);
    private final Map<ExchangeInput, EmbeddedChannel> h1 = new EnumMap<>(ExchangeInput.class);
    private final Map<ExchangeInput, EmbeddedChannel> netty = new EnumMap<>(ExchangeInput.class);
    /** The one read {@link #feed} hands {@code writeInbound}. */
    private final Object[] read = new Object[1];

    @Setup
    public void setUp() {
        for (ExchangeInput input : ExchangeInput.values()) {
            byte[] bytes = input.bytes();
            sources.put(input, PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes));
            h1.put(input, Server.H1.newChannel(h1Timers));
            netty.put(input, Server.NETTY.newChannel(h1Timers));
        }
    }

    @TearDown
    public void tearDown() {
        close();
    }

    /**
     * Finishes every channel, which rethrows what a pipeline threw, and releases everything; returns whether a
     * channel still held a message.
     */
    boolean close() {
        boolean left = false;
        try {
            for (ExchangeInput input : ExchangeInput.values()) {
                left |= h1.get(input).finishAndReleaseAll();
                left |= netty.get(input).finishAndReleaseAll();
            }
        } finally {
            sources.values().forEach(ByteBuf::release);
            sources.clear();
        }
        return left;
    }

    @Benchmark
    public long h1Plaintext() {
        return exchange(h1, ExchangeInput.PLAINTEXT);
    }

    @Benchmark
    public long nettyPlaintext() {
        return exchange(netty, ExchangeInput.PLAINTEXT);
    }

    @Benchmark
    @OperationsPerInvocation(16)
    public long h1Pipelined16() {
        return exchange(h1, ExchangeInput.PLAINTEXT_PIPELINED_16);
    }

    @Benchmark
    @OperationsPerInvocation(16)
    public long nettyPipelined16() {
        return exchange(netty, ExchangeInput.PLAINTEXT_PIPELINED_16);
    }

    @Benchmark
    public long h1Echo1k() {
        return exchange(h1, ExchangeInput.ECHO_1K);
    }

    @Benchmark
    public long nettyEcho1k() {
        return exchange(netty, ExchangeInput.ECHO_1K);
    }

    /** What {@code server} answers to one read of {@code input}: every outbound byte, copied (for the smoke test). */
    ByteBuf responseBytes(Server server, ExchangeInput input) {
        EmbeddedChannel channel = channel(server, input);
        feed(channel, sources.get(input));
        return ChannelDrain.copy(channel);
    }

    /** The channel that {@code server}'s benchmark methods feed {@code input} to (for the smoke test). */
    EmbeddedChannel channel(Server server, ExchangeInput input) {
        return (server == Server.H1 ? h1 : netty).get(input);
    }

    /**
     * Feeds {@code input} to its channel as one socket read and returns how many response bytes came out, releasing
     * them.
     */
    private long exchange(Map<ExchangeInput, EmbeddedChannel> channels, ExchangeInput input) {
        EmbeddedChannel channel = channels.get(input);
        feed(channel, sources.get(input));
        return ChannelDrain.release(channel);
    }

    /**
     * One socket read: the bytes, read-complete, then the event loop's pending tasks, through
     * {@link EmbeddedChannel#writeInbound} with one array reused, so that the varargs add no allocation.
     *
     * <p>Not the pipeline's own {@code fireChannelRead(..).fireChannelReadComplete()}, as this benchmark fed its
     * channels until the twelfth session: outside its own methods, an {@code EmbeddedChannel} runs the pending tasks
     * at every write, flush and read the handlers make (four times per plaintext request), and each run reads the
     * clock once, twice when a task is scheduled, as h1's deadline check always is. A real event loop reads it a few
     * times per wake-up, whatever its handlers write. On this project's VM (kvm-clock, about 40 ns a read;
     * async-profiler) those reads were 21 % of h1Plaintext's time, twice as many as Netty's (docs/BENCHMARKS.md, "The
     * runs of the twelfth session"). {@code writeInbound} runs the tasks twice per read, for both pipelines.
     */
    private void feed(EmbeddedChannel channel, ByteBuf source) {
        read[0] = source.retainedDuplicate();
        channel.writeInbound(read);
        read[0] = null;
    }
}
