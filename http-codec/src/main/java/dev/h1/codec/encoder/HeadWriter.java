package dev.h1.codec.encoder;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.InformationalResponse;
import dev.h1.codec.ResponseHead;
import dev.h1.codec.internal.KnownText;
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
            writeText(out, fields.name(i));
            out.writeShort(WireConstants.COLON_SP);
            writeText(out, fields.value(i));
            out.writeShort(WireConstants.CRLF_SHORT);
        }
    }

    /** Copies the encoded bytes of a string seen before ({@link KnownText}), else encodes it char by char. */
    private static void writeText(ByteBuf out, String text) {
        KnownText.Entry known = KnownText.lookup(text);
        if (known != null) {
            out.writeBytes(known.bytes());
        } else {
            // ISO-8859-1 writes each char as its byte; FieldSyntax refused anything above 0xFF.
            out.writeCharSequence(text, StandardCharsets.ISO_8859_1);
        }
    }

    private static void writeIfAny(ByteBuf out, byte[] line) {
        if (line != null && line.length > 0) {
            out.writeBytes(line);
        }
    }
}
