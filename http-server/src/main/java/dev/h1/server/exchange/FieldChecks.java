package dev.h1.server.exchange;

import dev.h1.codec.FieldText;

/** Fails fast, where the application sets a header, on what the encoder would refuse to write (RFC 9110 §5). */
public final class FieldChecks {

    private FieldChecks() {
    }

    public static void checkName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("header name is null");
        }
        int bad = FieldText.firstNonToken(name);
        if (bad >= 0) {
            throw new IllegalArgumentException(name.isEmpty() ? "empty header name"
                    : "header name has an invalid character at index " + bad + " (a name must be a token)");
        }
    }

    /** A trailer field name: a token that does not frame the message (RFC 9110 §6.5.1, RFC 9112 §7.1.2). */
    public static void checkTrailerName(String name) {
        checkName(name);
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
            throw new IllegalArgumentException(name + " cannot be a trailer field: it frames the message "
                    + "(RFC 9110 §6.5.1)");
        }
    }

    public static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("value of header " + name + " is null");
        }
        int bad = FieldText.firstNonText(value);
        if (bad >= 0) {
            throw new IllegalArgumentException("value of header " + name + " has an invalid character (code "
                    + (int) value.charAt(bad) + ") at index " + bad + "; CR, LF, NUL and other controls are refused");
        }
    }

    public static void checkReason(String reason) {
        int bad = reason == null ? -1 : FieldText.firstNonText(reason);
        if (bad >= 0) {
            throw new IllegalArgumentException("status message has an invalid character at index " + bad);
        }
    }
}
