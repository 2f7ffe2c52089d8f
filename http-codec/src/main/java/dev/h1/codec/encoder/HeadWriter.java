package dev.h1.codec.encoder;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.InformationalResponse;
import dev.h1.codec.ResponseHead;
import dev.h1.codec.internal.KnownText;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Writes heads and field sections as bytes (RFC 9112 §2.1: start-line, field lines, an empty line). A response head's
 * fields are checked as they are written ({@link #writeCheckedFields}), so that they are looked at once; a caller
 * rewinds the buffer when that refuses one. Other texts are checked with {@link FieldSyntax} first.
 */
final class HeadWriter {

    private HeadWriter() {
    }

    /** {@link #writeCheckedFields}' result: the head has a {@code Date} field. */
    static final int HAS_DATE = 1;
    /** {@link #writeCheckedFields}' result: the head has a {@code Server} field. */
    static final int HAS_SERVER = 2;

    /**
     * Writes {@code head}: status line, the head's fields in their order, checked as they go, then those the encoder
     * adds (framing; {@code server} and {@code date} unless the head has its own), then the empty line. Any of the
     * added arrays may be empty or {@code null}.
     *
     * @throws dev.h1.codec.ResponseEncodeException for a field that is not valid: part of the head is then written,
     *                                              and the caller rewinds {@code out}
     */
    static void writeHead(ByteBuf out, ResponseHead head, byte[] framing, byte[] server, byte[] date) {
        StatusLine.write(out, head.status(), head.reason());
        int has = writeCheckedFields(out, head.headers());
        writeIfAny(out, framing);
        if ((has & HAS_SERVER) == 0) {
            writeIfAny(out, server);
        }
        if ((has & HAS_DATE) == 0) {
            writeIfAny(out, date);
        }
        out.writeShort(WireConstants.CRLF_SHORT);
    }

    /**
     * Checks and writes each field in one pass (the response benchmarks in http-tests: a separate check pass and its
     * lookups showed in the profile); returns {@link #HAS_DATE} and {@link #HAS_SERVER} as found.
     */
    static int writeCheckedFields(ByteBuf out, Headers fields) {
        int has = 0;
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.name(i);
            String value = fields.value(i);
            KnownText.Entry knownName = KnownText.lookup(name);
            if (knownName != null && knownName.token()) {
                out.writeBytes(knownName.bytes());
            } else {
                FieldSyntax.checkName(name);
                out.writeCharSequence(name, StandardCharsets.ISO_8859_1);
            }
            if (name.length() == 4 && name.equalsIgnoreCase("Date")) {
                has |= HAS_DATE;
            } else if (name.length() == 6 && name.equalsIgnoreCase("Server")) {
                has |= HAS_SERVER;
            }
            out.writeShort(WireConstants.COLON_SP);
            KnownText.Entry knownValue = KnownText.lookup(value);
            if (knownValue != null) {
                out.writeBytes(knownValue.bytes());
            } else {
                FieldSyntax.checkValue(name, value);
                // ISO-8859-1 writes each char as its byte; the check refused anything above 0xFF.
                out.writeCharSequence(value, StandardCharsets.ISO_8859_1);
            }
            out.writeShort(WireConstants.CRLF_SHORT);
        }
        return has;
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
