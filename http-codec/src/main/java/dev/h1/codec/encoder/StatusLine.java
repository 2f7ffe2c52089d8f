package dev.h1.codec.encoder;

import dev.h1.codec.HttpStatus;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Writes {@code status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF} (RFC 9112 §4). The lines of all
 * registered codes with their registered phrase are encoded once, at class load; they are copied into the buffer
 * that holds the rest of the head, so they are kept as arrays rather than as separate buffers to write.
 */
final class StatusLine {

    /** RFC 9110 §6.2: a server sends the highest minor version it conforms to, whatever the request's version. */
    private static final byte[] VERSION_SP = WireConstants.ascii("HTTP/1.1 ");
    private static final byte[][] REGISTERED = new byte[HttpStatus.MAX_CODE + 1][];

    /** Bytes of a status line without its reason phrase: version, SP, three digits, SP, CRLF. */
    static final int FIXED_BYTES = VERSION_SP.length + 3 + 1 + 2;

    static {
        for (HttpStatus status : HttpStatus.values()) {
            REGISTERED[status.code()] = WireConstants.ascii(
                    "HTTP/1.1 " + status.code() + ' ' + status.reasonPhrase() + "\r\n");
        }
    }

    private StatusLine() {
    }

    /** Writes the status line; {@code reason} must have passed {@link FieldSyntax#checkReason(String)}. */
    static void write(ByteBuf out, int status, String reason) {
        byte[] registered = REGISTERED[status];
        if (registered != null && reason.equals(HttpStatus.reasonPhrase(status))) {
            out.writeBytes(registered);
            return;
        }
        out.writeBytes(VERSION_SP);
        out.writeByte('0' + status / 100);
        out.writeByte('0' + status / 10 % 10);
        out.writeByte('0' + status % 10);
        out.writeByte(' ');
        out.writeCharSequence(reason, StandardCharsets.ISO_8859_1);
        out.writeShort(WireConstants.CRLF_SHORT);
    }
}
