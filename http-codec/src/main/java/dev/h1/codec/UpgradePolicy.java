package dev.h1.codec;

/**
 * What the decoder does after a request that asks to switch protocols ({@code Connection: upgrade} plus
 * {@code Upgrade}, RFC 9110 §7.8). A CONNECT request always turns the connection into a tunnel.
 */
public enum UpgradePolicy {
    /**
     * After the upgrade request and its body, stop parsing HTTP: every later byte is passed on untouched as a plain
     * {@link io.netty.buffer.ByteBuf} for the next protocol's handler (the default).
     */
    PASS_THROUGH,
    /**
     * Treat the upgrade request as an ordinary request and keep parsing HTTP (for a server that never switches
     * protocols, which then answers without 101 and ignores {@code Upgrade}, RFC 9110 §7.8).
     */
    PARSE_AS_HTTP
}
