package dev.h1.codec.encoder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * Bytes the encoder writes again and again. The {@link ByteBuf}s are shared by every connection and thread, so they
 * are read-only and unreleasable (R5): write {@code constant.duplicate()}, or copy them with the index-taking
 * {@code writeBytes(constant, constant.readerIndex(), length)}, which moves no index of the constant.
 */
final class WireConstants {

    /** RFC 9112 §7.1: the CRLF after chunk-data. */
    static final ByteBuf CRLF = constant("\r\n");
    /** RFC 9112 §7.1: last-chunk ({@code 0 CRLF}), an empty trailer-section and the final CRLF. */
    static final ByteBuf LAST_CHUNK = constant("0\r\n\r\n");
    /** RFC 9110 §15.2.1 and §10.1.1: the whole 100 (Continue) response, which has no fields. */
    static final ByteBuf CONTINUE = constant("HTTP/1.1 100 Continue\r\n\r\n");

    /** RFC 9112 §7.1: last-chunk, before a trailer section. */
    static final byte[] LAST_CHUNK_LINE = ascii("0\r\n");
    /** RFC 9112 §6.1: announces chunked framing on a response to an HTTP/1.1 request that declared no length. */
    static final byte[] TRANSFER_ENCODING_CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    /** RFC 9112 §9.6: a server that closes after the response says so; close-delimited bodies end only that way. */
    static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    static final byte[] NO_FIELDS = new byte[0];

    /** The CRLF after a chunk-size, as a big-endian short for one write. */
    static final int CRLF_SHORT = ('\r' << 8) | '\n';

    private WireConstants() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static ByteBuf constant(String text) {
        byte[] bytes = ascii(text);
        // Direct, so that the transport writes it without copying it to a direct buffer first.
        ByteBuf buffer = Unpooled.directBuffer(bytes.length, bytes.length).writeBytes(bytes);
        return Unpooled.unreleasableBuffer(buffer).asReadOnly();
    }
}
