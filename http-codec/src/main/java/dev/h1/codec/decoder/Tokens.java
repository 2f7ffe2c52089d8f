package dev.h1.codec.decoder;

import io.netty.util.ByteProcessor;

/**
 * Byte-class tables for the ABNF rules the decoder checks, and the {@link ByteProcessor}s that scan a buffer in bulk
 * while bytes belong to a class. One table lookup per byte; no branches on character ranges in the hot loops.
 */
final class Tokens {

    /**
     * RFC 9110 §5.6.2: {@code tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" /
     * "|" / "~" / DIGIT / ALPHA}.
     */
    static final int TCHAR = 1;
    /**
     * RFC 9110 §5.5: {@code field-value = *field-content}, made of {@code VCHAR / obs-text} with {@code SP / HTAB}
     * inside; {@code obs-text = %x80-FF}. The same set covers chunk extensions, including quoted-string content.
     */
    static final int FIELD_VALUE = 2;
    /**
     * RFC 9112 §3.2 with RFC 3986 §2: the characters a request-target may contain — VCHAR except {@code " # < > \ ^ `
     * { | }}, which RFC 3986 never allows unencoded. {@code %} is in the set; pct-encodings are checked separately.
     */
    static final int TARGET = 4;
    /** RFC 5234 B.1: {@code HEXDIG = DIGIT / "A"-"F"} (case-insensitive, RFC 5234 §2.3). */
    static final int HEXDIG = 8;
    /** RFC 5234 B.1: {@code DIGIT = %x30-39}. */
    static final int DIGIT = 16;
    /** RFC 3986 §2.3 {@code unreserved} and §2.2 {@code sub-delims}: the characters of a reg-name besides pct-encoding. */
    static final int REG_NAME = 32;

    private static final byte[] CLASSES = new byte[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            add(c, TCHAR | HEXDIG | DIGIT | REG_NAME);
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            add(c, TCHAR | REG_NAME);
            add(c + ('a' - 'A'), TCHAR | REG_NAME);
        }
        for (int c = 'A'; c <= 'F'; c++) {
            add(c, HEXDIG);
            add(c + ('a' - 'A'), HEXDIG);
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            add(c, TCHAR);
        }
        for (char c : "-._~!$&'()*+,;=".toCharArray()) {
            add(c, REG_NAME);
        }
        for (int c = 0x21; c <= 0x7E; c++) {
            add(c, FIELD_VALUE | TARGET);
        }
        for (char c : "\"#<>\\^`{|}".toCharArray()) {
            CLASSES[c] &= (byte) ~TARGET;
        }
        for (int c = 0x80; c <= 0xFF; c++) {
            add(c, FIELD_VALUE);
        }
        add(' ', FIELD_VALUE);
        add('\t', FIELD_VALUE);
    }

    /** Continues while the byte is a {@code tchar}. */
    static final ByteProcessor WHILE_TCHAR = b -> (CLASSES[b & 0xFF] & TCHAR) != 0;
    /** Continues while the byte may appear in a field value (or a chunk extension). */
    static final ByteProcessor WHILE_FIELD_VALUE = b -> (CLASSES[b & 0xFF] & FIELD_VALUE) != 0;
    /** Continues while the byte may appear in a request-target. */
    static final ByteProcessor WHILE_TARGET = b -> (CLASSES[b & 0xFF] & TARGET) != 0;
    /** Continues while the byte is a hex digit. */
    static final ByteProcessor WHILE_HEXDIG = b -> (CLASSES[b & 0xFF] & HEXDIG) != 0;

    private Tokens() {
    }

    private static void add(int c, int classes) {
        CLASSES[c] |= (byte) classes;
    }

    /** Whether {@code c} (a byte value or an ISO-8859-1 char) belongs to every class in {@code classes}. */
    static boolean is(int c, int classes) {
        return c >= 0 && c < 256 && (CLASSES[c] & classes) == classes;
    }

    static boolean isOws(int c) {
        return c == ' ' || c == '\t';
    }

    /** The value of a hex digit, or -1. */
    static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /** Whether {@code text} is a non-empty token (RFC 9110 §5.6.2). */
    static boolean isToken(CharSequence text, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!is(text.charAt(i), TCHAR)) {
                return false;
            }
        }
        return true;
    }
}
