package dev.h1.server;

import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

import java.util.function.Supplier;

/**
 * The transport chosen for a {@link Transport}: the event-loop flavour, the matching server channel, and the
 * channel option that sets {@code SO_REUSEPORT} ({@code null} where the transport has none). Used by
 * {@link HttpServer#start()} only; the optional native classes are referenced from the nested {@code Native*} classes
 * alone, so that this class loads without them.
 */
record Engine(Transport transport, Supplier<IoHandlerFactory> ioHandlers,
              Class<? extends ServerChannel> serverChannel, ChannelOption<Boolean> reusePort) {

    static Engine of(Transport requested) {
        return switch (requested) {
            case NIO -> nio();
            case EPOLL -> require(new NativeEpoll());
            case IO_URING -> require(new NativeIoUring());
            case AUTO -> best(new NativeEpoll(), new NativeIoUring());
        };
    }

    private static Engine nio() {
        return new Engine(Transport.NIO, NioIoHandler::newFactory, NioServerSocketChannel.class, null);
    }

    private static Engine on(NativeTransport transport) {
        return new Engine(transport.transport(), transport::ioHandlers, transport.serverChannel(),
                transport.reusePort());
    }

    /** The first usable of {@code preferred}, best first; NIO when none is. */
    private static Engine best(NativeTransport... preferred) {
        for (NativeTransport candidate : preferred) {
            if (unavailabilityCause(candidate) == null) {
                return on(candidate);
            }
        }
        return nio();
    }

    private static Engine require(NativeTransport transport) {
        Throwable cause = unavailabilityCause(transport);
        if (cause == null) {
            return on(transport);
        }
        throw new IllegalStateException("Transport." + transport.transport() + " is not available: it needs "
                + transport.requirement() + " on the class path (with the platform's classifier, for example"
                + " linux-x86_64); use Transport.AUTO to fall back to the best available", cause);
    }

    /** Why {@code transport} cannot run here, or null when it can; a missing jar is a reason too. */
    private static Throwable unavailabilityCause(NativeTransport transport) {
        try {
            return transport.unavailabilityCause();
        } catch (LinkageError absent) { // the optional jar is not on the class path
            return absent;
        }
    }

    /**
     * A native transport whose classes are an optional dependency. Every reference to them lives in an
     * implementation's method bodies, so that they are loaded only when a method runs: when they are absent, the
     * first call fails with a {@link LinkageError} that {@link Engine} turns into a fallback or a clear failure.
     */
    private sealed interface NativeTransport {

        Transport transport();

        /** What it needs, for the failure message. */
        String requirement();

        /** Null when the transport is usable here, else why not. */
        Throwable unavailabilityCause();

        IoHandlerFactory ioHandlers();

        Class<? extends ServerChannel> serverChannel();

        /** The option that sets {@code SO_REUSEPORT} on the listening socket. */
        ChannelOption<Boolean> reusePort();
    }

    /** The epoll transport ({@code io.netty:netty-transport-native-epoll}). */
    private static final class NativeEpoll implements NativeTransport {

        @Override
        public Transport transport() {
            return Transport.EPOLL;
        }

        @Override
        public String requirement() {
            return "Linux and io.netty:netty-transport-native-epoll";
        }

        @Override
        public Throwable unavailabilityCause() {
            return Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
        }

        @Override
        public IoHandlerFactory ioHandlers() {
            return EpollIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }

        @Override
        public ChannelOption<Boolean> reusePort() {
            return EpollChannelOption.SO_REUSEPORT;
        }
    }

    /** The io_uring transport ({@code io.netty:netty-transport-native-io_uring}). */
    private static final class NativeIoUring implements NativeTransport {

        @Override
        public Transport transport() {
            return Transport.IO_URING;
        }

        @Override
        public String requirement() {
            return "Linux 5.14 or later with io_uring allowed (not blocked by seccomp or kernel.io_uring_disabled)"
                    + " and io.netty:netty-transport-native-io_uring";
        }

        @Override
        public Throwable unavailabilityCause() {
            return IoUring.isAvailable() ? null : IoUring.unavailabilityCause();
        }

        @Override
        public IoHandlerFactory ioHandlers() {
            return IoUringIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerChannel> serverChannel() {
            return IoUringServerSocketChannel.class;
        }

        @Override
        public ChannelOption<Boolean> reusePort() {
            return IoUringChannelOption.SO_REUSEPORT;
        }
    }
}
