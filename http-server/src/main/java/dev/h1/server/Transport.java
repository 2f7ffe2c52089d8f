package dev.h1.server;

/** The Netty transport an {@link HttpServer} uses. */
public enum Transport {
    /** The native epoll transport when it is on the class path and usable (Linux), else NIO. */
    AUTO,
    /** Java NIO, available everywhere. */
    NIO,
    /** The native epoll transport; {@link HttpServer#start()} fails when it is not available. */
    EPOLL
}
