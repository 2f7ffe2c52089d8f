package dev.h1.tests.fuzz;

import dev.h1.codec.BodyChunk;
import dev.h1.codec.DecodeFailure;
import dev.h1.codec.EndOfBody;
import dev.h1.codec.ParseError;
import dev.h1.codec.RequestHead;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ConnectionListener;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.pipeline.HttpServerInitializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds one {@link PipelineInput} to h1's whole pipeline, as {@link HttpServerInitializer#install} builds it on an
 * {@link EmbeddedChannel} (frozen clock) with {@link EchoHandler} as the application, ends the connection as the input
 * says, and records a {@link ServerTranscript}.
 *
 * <p>A probe after the decoder records what the decoder hands to the connection and every exception that travels the
 * pipeline (from the decoder, or from a write that failed). Exceptions that {@code Http1Connection} itself throws
 * reach only its own {@code exceptionCaught}, which takes them for a transport failure and closes; on an
 * {@code EmbeddedChannel} there are no transport failures, so a close for a reason that only the client or a failure
 * can give, while the client is still there, is recorded as a problem.
 *
 * <p>Buffers: the channel's allocator is an {@link UnpooledByteBufAllocator} with metrics, which allocates every read
 * given to the channel, the decoder's cumulation and the encoder's output. Once the channel is finished, the bytes it
 * has outstanding must be zero: a buffer still referenced anywhere fails the input at once, without waiting for the
 * garbage collector (paranoid leak detection runs as well). Everything read from the channel is released here.
 */
final class PipelineReplayer {

    private final List<String> problems = new ArrayList<>();

    private PipelineReplayer() {
    }

    static ServerTranscript run(PipelineInput input) {
        return new PipelineReplayer().replay(input);
    }

    private ServerTranscript replay(PipelineInput input) {
        UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.freezeTime();
        Closes closes = new Closes();
        ConnectionConfig config = ConnectionConfig.builder().decoder(input.feed().config())
                .connectionListener(closes).build();
        HttpServerInitializer.install(channel.pipeline(), config, new EchoHandler(input, problems));
        Probe probe = new Probe();
        channel.pipeline().addAfter(HttpServerInitializer.DECODER, "fuzz-probe", probe);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        boolean closedByServer = false;
        try {
            for (byte[] read : input.reads()) {
                if (!channel.isOpen()) {
                    break; // the server closed: later bytes of the client go nowhere
                }
                channel.writeInbound(allocator.heapBuffer(read.length).writeBytes(read)); // hands our reference over
                drainOutbound(channel, output);
            }
            end(channel, input.ending(), closes);
            drainOutbound(channel, output);
            closedByServer = !channel.isOpen() && !closes.clientGone;
            closes.clientGone = true;
            channel.close();
            channel.runPendingTasks();
            drainOutbound(channel, output);
            channel.checkException();
        } catch (RuntimeException e) {
            problems.add("exception " + e);
        } finally {
            if (channel.finishAndReleaseAll()) {
                problems.add("messages were left in the channel");
            }
        }
        ByteBufAllocatorMetric metric = allocator.metric();
        long outstanding = metric.usedHeapMemory() + metric.usedDirectMemory();
        if (outstanding != 0) {
            problems.add(outstanding + " bytes of the channel's allocator are still allocated after it finished");
        }
        return new ServerTranscript(probe.requests(), probe.failure, probe.failureWhileOpen, output.toByteArray(),
                closedByServer, problems);
    }

    private static void end(EmbeddedChannel channel, PipelineInput.Ending ending, Closes closes) {
        if (!channel.isOpen()) {
            return;
        }
        switch (ending) {
            case STAYS_OPEN -> channel.runPendingTasks();
            case CLIENT_SHUTS_OUTPUT -> {
                closes.inputShut = true;
                channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
                channel.pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
                channel.runPendingTasks();
            }
            case CHANNEL_CLOSES -> {
                closes.clientGone = true;
                channel.close();
                channel.runPendingTasks();
            }
        }
    }

    /** Everything written so far, appended to {@code output}; each message released. */
    private static void drainOutbound(EmbeddedChannel channel, ByteArrayOutputStream output) {
        channel.runPendingTasks();
        for (Object msg; (msg = channel.readOutbound()) != null; ) {
            try {
                // the echo sends no file, so the encoder writes only buffers
                output.writeBytes(ByteBufUtil.getBytes((ByteBuf) msg));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /** Records the decoder's messages and passes them on untouched. */
    private final class Probe extends ChannelInboundHandlerAdapter {
        private final List<RequestHead> heads = new ArrayList<>();
        private final List<ByteArrayOutputStream> bodies = new ArrayList<>();
        private int completed;
        ParseError failure;
        boolean failureWhileOpen;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof RequestHead head) {
                heads.add(head);
                bodies.add(new ByteArrayOutputStream());
            } else if (msg instanceof BodyChunk chunk) {
                bodies.get(bodies.size() - 1).writeBytes(ByteBufUtil.getBytes(chunk.content()));
            } else if (msg instanceof EndOfBody) {
                completed++;
            } else if (msg instanceof DecodeFailure decodeFailure) {
                failure = decodeFailure.error();
                failureWhileOpen = ctx.channel().isActive();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            problems.add("exception in the pipeline: " + cause);
            ctx.fireExceptionCaught(cause);
        }

        List<ServerTranscript.Request> requests() {
            List<ServerTranscript.Request> requests = new ArrayList<>(heads.size());
            for (int i = 0; i < heads.size(); i++) {
                RequestHead head = heads.get(i);
                requests.add(new ServerTranscript.Request(head.method(), head.target(), head.version().text(),
                        head.expectation(), bodies.get(i).toString(StandardCharsets.ISO_8859_1), i < completed));
            }
            return requests;
        }
    }

    /** The connection's close: only the client's leaving or a request's failure may explain each reason. */
    private final class Closes implements ConnectionListener {
        boolean clientGone;
        boolean inputShut;

        @Override
        public void onClose(HttpConnection connection, CloseReason reason) {
            boolean explained = switch (reason) {
                // only a transport failure or the client's leaving gives these; the first never happens here
                case CLIENT_ABORTED, CLIENT_CLOSED -> clientGone || inputShut;
                // the echo never throws, and its responses are well-formed: the encoder must accept them
                case APPLICATION_ERROR -> false;
                default -> true;
            };
            if (!explained) {
                problems.add("closed for " + reason + (clientGone ? "" : " while the client was still there"));
            }
        }
    }
}
