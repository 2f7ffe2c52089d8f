package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.FieldText;
import dev.h1.codec.Headers;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.codec.internal.KnownText;

/**
 * Checks everything a response writer supplies as text before any of it reaches the wire, so that no field name,
 * field value or reason phrase can inject a line break and split the response (response splitting, CWE-113). The
 * character rules are {@link FieldText}'s; this class only turns a violation into the encoder's refusal.
 */
final class FieldSyntax {

    private FieldSyntax() {
    }

    /**
     * Checks every field (of an informational response or a trailer section, which are written after this check).
     * Field values are Latin-1 text: a {@code char} above 0xFF cannot be written and is refused.
     */
    static void checkFields(Headers fields) {
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.name(i);
            String value = fields.value(i);
            KnownText.Entry knownName = KnownText.lookup(name);
            if (knownName == null || !knownName.token()) {
                checkName(name);
            }
            if (KnownText.lookup(value) == null) {
                checkValue(name, value);
            }
        }
    }

    static void checkReason(String reason) {
        int bad = KnownText.lookup(reason) != null ? -1 : FieldText.firstNonText(reason);
        if (bad >= 0) {
            throw new ResponseEncodeException(EncodeError.INVALID_REASON_PHRASE,
                    "reason phrase has " + describe(reason.charAt(bad)) + " at index " + bad);
        }
    }

    /** Refuses a field value that is not field text (RFC 9110 §5.5). */
    static void checkValue(String name, String value) {
        int bad = FieldText.firstNonText(value);
        if (bad >= 0) {
            throw new ResponseEncodeException(EncodeError.INVALID_FIELD_VALUE, "value of field \""
                    + printable(name) + "\" has " + describe(value.charAt(bad)) + " at index " + bad);
        }
    }

    /** Refuses a field name that is not a token (RFC 9110 §5.1). */
    static void checkName(String name) {
        if (name.isEmpty()) {
            throw new ResponseEncodeException(EncodeError.INVALID_FIELD_NAME, "empty field name");
        }
        int bad = FieldText.firstNonToken(name);
        if (bad >= 0) {
            throw new ResponseEncodeException(EncodeError.INVALID_FIELD_NAME, "field name \"" + printable(name)
                    + "\" has " + describe(name.charAt(bad)) + " at index " + bad + ", not a token character");
        }
    }

    private static String describe(char c) {
        return String.format("0x%02X", (int) c);
    }

    /** The name with every character outside printable ASCII escaped, so that logging it cannot forge log lines. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 64) + 8);
        for (int i = 0; i < text.length() && i < 64; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
                out.append(c);
            } else {
                out.append("\\x").append(String.format("%02X", (int) c));
            }
        }
        if (text.length() > 64) {
            out.append("...");
        }
        return out.toString();
    }
}
