package dev.h1.codec.encoder;

import dev.h1.codec.HttpStatus;

/**
 * Writes {@code status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF} (RFC 9112 §4). The lines of all
 * registered codes with their registered phrase are encoded once, at class load; they are copied into the buffer
 * that holds the rest of the head, so they are kept as arrays rather than as separate buffers to write.
 */
final class StatusLine {

    /** RFC 9110 §6.2: a server sends the highest minor version it conforms to, whatever the request's version. */
    private static final byte[] VERSION_SP = WireConstants.ascii("HTTP/1.1 ");
    private static final byte[][] REGISTERED = new byte[HttpStatus.MAX_CODE + 1][];

    static {
        for (HttpStatus status : HttpStatus.values()) {
            REGISTERED[status.code()] = WireConstants.ascii(
                    "HTTP/1.1 " + status.code() + ' ' + status.reasonPhrase() + "\r\n");
        }
    }

    private StatusLine() {
    }

    /** Writes the status line; {@code reason} must have passed {@link FieldSyntax#checkReason(String)}. */
    static void write(LineBuffer out, int status, String reason) {
        byte[] registered = REGISTERED[status];
        if (registered != null && reason.equals(HttpStatus.reasonPhrase(status))) {
            out.write(registered);
            return;
        }
        out.write(VERSION_SP);
        out.writeByte('0' + status / 100);
        out.writeByte('0' + status / 10 % 10);
        out.writeByte('0' + status % 10);
        out.writeByte(' ');
        out.writeLatin1(reason);
        out.crlf();
    }
}
