package dev.h1.codec.encoder;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.InformationalResponse;
import dev.h1.codec.ResponseHead;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Writes checked heads and field sections as bytes (RFC 9112 §2.1: start-line, field lines, an empty line). Callers
 * check every text with {@link FieldSyntax} first; this class only copies.
 */
final class HeadWriter {

    private HeadWriter() {
    }

    /**
     * Writes {@code head}: status line, the head's fields in their order, then those the encoder adds (framing,
     * {@code Server}, {@code Date}), then the empty line. Any of the added arrays may be empty or {@code null}.
     */
    static void writeHead(ByteBuf out, ResponseHead head, byte[] framing, byte[] server, byte[] date) {
        StatusLine.write(out, head.status(), head.reason());
        writeFields(out, head.headers());
        writeIfAny(out, framing);
        writeIfAny(out, server);
        writeIfAny(out, date);
        out.writeShort(WireConstants.CRLF_SHORT);
    }

    /** Writes an informational response: status line with the registered phrase, its fields, the empty line. */
    static void writeInformational(ByteBuf out, InformationalResponse response) {
        StatusLine.write(out, response.status(), HttpStatus.reasonPhrase(response.status()));
        writeFields(out, response.headers());
        out.writeShort(WireConstants.CRLF_SHORT);
    }

    /** RFC 9112 §5: {@code field-line = field-name ":" OWS field-value OWS}, each followed by CRLF. */
    static void writeFields(ByteBuf out, Headers fields) {
        for (int i = 0; i < fields.size(); i++) {
            // ISO-8859-1 writes each char as its byte; FieldSyntax refused anything above 0xFF.
            out.writeCharSequence(fields.name(i), StandardCharsets.ISO_8859_1);
            out.writeShort(WireConstants.COLON_SP);
            out.writeCharSequence(fields.value(i), StandardCharsets.ISO_8859_1);
            out.writeShort(WireConstants.CRLF_SHORT);
        }
    }

    private static void writeIfAny(ByteBuf out, byte[] line) {
        if (line != null && line.length > 0) {
            out.writeBytes(line);
        }
    }
}
