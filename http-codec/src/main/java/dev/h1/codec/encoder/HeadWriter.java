package dev.h1.codec.encoder;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.InformationalResponse;
import dev.h1.codec.ResponseHead;
import dev.h1.codec.internal.KnownText;

/**
 * Writes heads and field sections as bytes (RFC 9112 §2.1: start-line, field lines, an empty line) into a
 * {@link LineBuffer}, which the caller copies into the batch only once the whole section is written. A response head's
 * fields are checked as they are written ({@link #writeCheckedFields}), so that they are looked at once; a refused
 * field leaves the line buffer to be cleared, and nothing reaches the wire. Other texts are checked with
 * {@link FieldSyntax} first.
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
     * @return {@link #HAS_DATE} and {@link #HAS_SERVER} as the head's own fields have them
     * @throws dev.h1.codec.ResponseEncodeException for a field that is not valid: part of the head is then written,
     *                                              and the caller drops {@code out}
     */
    static int writeHead(LineBuffer out, ResponseHead head, byte[] framing, byte[] server, byte[] date) {
        StatusLine.write(out, head.status(), head.reason());
        int has = writeCheckedFields(out, head.headers());
        writeIfAny(out, framing);
        if ((has & HAS_SERVER) == 0) {
            writeIfAny(out, server);
        }
        if ((has & HAS_DATE) == 0) {
            writeIfAny(out, date);
        }
        out.crlf();
        return has;
    }

    /**
     * Checks and writes each field in one pass (the response benchmarks in http-tests: a separate check pass and its
     * lookups showed in the profile); returns {@link #HAS_DATE} and {@link #HAS_SERVER} as found.
     */
    static int writeCheckedFields(LineBuffer out, Headers fields) {
        int has = 0;
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.name(i);
            String value = fields.value(i);
            KnownText.Entry knownName = KnownText.lookup(name);
            if (knownName != null && knownName.token()) {
                out.write(knownName.bytes());
            } else {
                FieldSyntax.checkName(name);
                out.writeLatin1(name);
            }
            if (name.length() == 4 && name.equalsIgnoreCase("Date")) {
                has |= HAS_DATE;
            } else if (name.length() == 6 && name.equalsIgnoreCase("Server")) {
                has |= HAS_SERVER;
            }
            out.colonSpace();
            KnownText.Entry knownValue = KnownText.lookup(value);
            if (knownValue != null) {
                out.write(knownValue.bytes());
            } else {
                FieldSyntax.checkValue(name, value);
                out.writeLatin1(value); // the check refused anything above 0xFF
            }
            out.crlf();
        }
        return has;
    }

    /** Writes an informational response: status line with the registered phrase, its fields, the empty line. */
    static void writeInformational(LineBuffer out, InformationalResponse response) {
        StatusLine.write(out, response.status(), HttpStatus.reasonPhrase(response.status()));
        writeFields(out, response.headers());
        out.crlf();
    }

    /** RFC 9112 §5: {@code field-line = field-name ":" OWS field-value OWS}, each followed by CRLF. */
    static void writeFields(LineBuffer out, Headers fields) {
        for (int i = 0; i < fields.size(); i++) {
            writeText(out, fields.name(i));
            out.colonSpace();
            writeText(out, fields.value(i));
            out.crlf();
        }
    }

    /** Copies the encoded bytes of a string seen before ({@link KnownText}), else encodes it char by char. */
    private static void writeText(LineBuffer out, String text) {
        KnownText.Entry known = KnownText.lookup(text);
        if (known != null) {
            out.write(known.bytes());
        } else {
            out.writeLatin1(text); // FieldSyntax refused anything above 0xFF
        }
    }

    private static void writeIfAny(LineBuffer out, byte[] line) {
        if (line != null && line.length > 0) {
            out.write(line);
        }
    }
}
