package dev.h1.server;

/**
 * The Netty transport an {@link HttpServer} uses. The native transports are optional dependencies
 * ({@code io.netty:netty-transport-native-io_uring} and {@code io.netty:netty-transport-native-epoll}, with the
 * platform's classifier); {@link #AUTO} uses the best one that is on the class path and usable.
 */
public enum Transport {
    /**
     * The best available: epoll when usable (Linux), else io_uring when it is on the class path and the kernel lets it
     * run (Linux 5.14 or later, not blocked by seccomp or {@code kernel.io_uring_disabled}), else NIO. Epoll comes
     * first because of the io_uring caveat under {@link #IO_URING}.
     */
    AUTO,
    /** Java NIO, available everywhere. */
    NIO,
    /** The native epoll transport; {@link HttpServer#start()} fails when it is not available. */
    EPOLL,
    /**
     * The native io_uring transport; {@link HttpServer#start()} fails when it is not available. Caveat, with Netty
     * 4.2.18: a client that resets its connection (RST) right after sending a request is not heard when the reset
     * arrives with the request's bytes, so the connection stays open for as long as the handler holds the response
     * (a handler that never answers: for good). Epoll and NIO hear it and close. See docs/SERVER.md, "Transports".
     */
    IO_URING
}
