package dev.h1.server.connection;

import dev.h1.codec.EndOfBody;
import dev.h1.codec.RequestHead;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * The decoder's messages that cannot be handled yet, in arrival order (the next request while a response is
 * outstanding, body pieces nobody asked for yet, a paused body), and the decision whether to read from the socket.
 *
 * <p><b>Memory.</b> The connection reads only while nothing waits here, its {@link Sink} wants input and the channel is
 * writable (its outbound bytes are under the high-water mark). What one connection holds is therefore bounded by what
 * one read brings in plus the write buffer's high-water mark, whatever the client does: a client that pipelines
 * requests and never reads its responses is simply no longer read from.
 *
 * <p><b>Threading.</b> Event loop only. <b>Buffers.</b> A message waiting here is owned here until it is taken, or
 * released by {@link #releaseAll()}.
 */
final class InboundQueue {

    /** Who takes the messages: the connection. */
    interface Sink {
        /** Whether {@code msg} can be handled now. */
        boolean accepts(Object msg);

        /** Handles {@code msg}, which it now owns. */
        void take(Object msg);

        /** Whether more input may be read, as far as the current exchange is concerned. */
        boolean wantsInput();
    }

    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private final Sink sink;
    private boolean delivering;

    InboundQueue(Sink sink) {
        this.sink = sink;
    }

    /** A message arrived: handles it now if nothing waits ahead of it and it can be, else it waits. */
    void offer(Object msg, Channel channel) {
        if (waiting.isEmpty() && !delivering && sink.accepts(msg)) {
            // The common case, every message of a request that is handled as it arrives: no queueing.
            delivering = true;
            try {
                sink.take(msg);
            } finally {
                delivering = false;
            }
            deliver(channel); // taking it may have made more deliverable, or changed what to read
            return;
        }
        waiting.add(msg);
        deliver(channel);
    }

    /** Hands over waiting messages while they can be handled, then decides whether to read on. */
    void deliver(Channel channel) {
        if (delivering) {
            return; // a message being handled made more deliverable: the loop below goes on with it
        }
        delivering = true;
        try {
            while (!waiting.isEmpty() && sink.accepts(waiting.peek())) {
                sink.take(waiting.poll());
            }
        } finally {
            delivering = false;
        }
        updateReading(channel);
    }

    private void updateReading(Channel channel) {
        boolean read = waiting.isEmpty() && channel.isWritable() && sink.wantsInput();
        ChannelConfig config = channel.config();
        if (config.isAutoRead() != read) {
            config.setAutoRead(read);
        }
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /**
     * Whether the end of a request body waits here: the first one waiting is the current request's, as messages wait
     * in arrival order, so the whole request came in time even if the application has not read it yet.
     */
    boolean holdsEndOfBody() {
        for (Object msg : waiting) {
            if (msg instanceof EndOfBody) {
                return true;
            }
        }
        return false;
    }

    /** Removes and returns the first request head waiting here, or null; the messages around it stay. */
    RequestHead takeRequestHead() {
        for (var it = waiting.iterator(); it.hasNext(); ) {
            if (it.next() instanceof RequestHead head) {
                it.remove();
                return head;
            }
        }
        return null;
    }

    /** Drops every waiting message (the connection closes). */
    void releaseAll() {
        for (Object msg; (msg = waiting.poll()) != null; ) {
            ReferenceCountUtil.release(msg);
        }
    }

    int size() {
        return waiting.size();
    }
}
