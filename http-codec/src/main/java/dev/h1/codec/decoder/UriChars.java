package dev.h1.codec.decoder;

/**
 * Byte tables for the rules of the request-target and the Host field (RFC 9112 §3.2, RFC 3986), with the RFC 5234
 * core rules they use, which the chunk size shares (RFC 9112 §7.1). The field rules of RFC 9110 are
 * {@link dev.h1.codec.FieldText}'s. One table lookup per byte; no branches on character ranges in the hot loops.
 */
final class UriChars {

    /** RFC 5234 B.1: {@code DIGIT = %x30-39}. */
    private static final boolean[] DIGIT = new boolean[256];

    /** RFC 5234 B.1: {@code HEXDIG = DIGIT / "A" / "B" / "C" / "D" / "E" / "F"}, case-insensitive (RFC 5234 §2.3). */
    private static final boolean[] HEXDIG = new boolean[256];

    /**
     * RFC 3986 §3.2.2, §2.2 and §2.3, without pct-encoding (checked separately):
     * <pre>
     * reg-name   = *( unreserved / pct-encoded / sub-delims )
     * unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
     * sub-delims = "!" / "$" / "&amp;" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
     * </pre>
     */
    private static final boolean[] REG_NAME = new boolean[256];

    /**
     * RFC 9112 §3.2 with RFC 3986 §2: the characters a request-target may contain, VCHAR except
     * {@code " # < > \ ^ ` { | }}, which RFC 3986 never allows unencoded. {@code %} is in the set; pct-encodings are
     * checked separately.
     */
    private static final boolean[] TARGET = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            DIGIT[c] = true;
            HEXDIG[c] = true;
            REG_NAME[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            REG_NAME[c] = true;
            REG_NAME[c + ('a' - 'A')] = true;
        }
        for (int c = 'A'; c <= 'F'; c++) {
            HEXDIG[c] = true;
            HEXDIG[c + ('a' - 'A')] = true;
        }
        for (char c : "-._~!$&'()*+,;=".toCharArray()) {
            REG_NAME[c] = true;
        }
        for (int c = 0x21; c <= 0x7E; c++) {
            TARGET[c] = true;
        }
        for (char c : "\"#<>\\^`{|}".toCharArray()) {
            TARGET[c] = false;
        }
    }

    private UriChars() {
    }

    /** The index of the first byte in {@code [from, to)} that may not appear in a request-target, or {@code to}. */
    static int skipTarget(byte[] bytes, int from, int to) {
        return skip(TARGET, bytes, from, to);
    }

    /** The index of the first byte in {@code [from, to)} that is not a hex digit, or {@code to}. */
    static int skipHexdig(byte[] bytes, int from, int to) {
        return skip(HEXDIG, bytes, from, to);
    }

    private static int skip(boolean[] table, byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && table[bytes[i] & 0xFF]) {
            i++;
        }
        return i;
    }

    /** Whether {@code c} (a byte value or an ISO-8859-1 char) is a {@code DIGIT}. */
    static boolean isDigit(int c) {
        return c >= 0 && c < 256 && DIGIT[c];
    }

    /** Whether {@code c} (a byte value or an ISO-8859-1 char) is a {@code HEXDIG}. */
    static boolean isHexdig(int c) {
        return c >= 0 && c < 256 && HEXDIG[c];
    }

    /** Whether {@code c} (a byte value or an ISO-8859-1 char) may appear in a reg-name, pct-encoding aside. */
    static boolean isRegName(int c) {
        return c >= 0 && c < 256 && REG_NAME[c];
    }

    /** The value of a hex digit, or -1. */
    static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }
}
