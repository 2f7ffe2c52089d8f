package dev.h1.codec;

import dev.h1.codec.internal.KnownText;
import io.netty.util.ByteProcessor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The character rules of RFC 9110 for field names, field values and reason phrases: the one place that says which
 * characters they may contain. The request decoder scans received bytes in bulk with the {@code skip*} methods (the
 * {@link ByteProcessor}s apply the same tables to a {@code ByteBuf}), the response encoder checks every field before
 * writing it, and an application can check a field where it is set with the {@code check*} methods, so that a header
 * is judged the same way everywhere.
 *
 * <p>Characters are ISO-8859-1: a {@code char} above 0xFF belongs to no class. The class has no state and every
 * method may be called from any thread.
 */
public final class FieldText {

    /**
     * RFC 9110 §5.6.2:
     * <pre>
     * token = 1*tchar
     * tchar = "!" / "#" / "$" / "%" / "&amp;" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
     *       / DIGIT / ALPHA
     * </pre>
     */
    private static final boolean[] TCHAR = new boolean[256];

    /**
     * RFC 9110 §5.5:
     * <pre>
     * field-value   = *field-content
     * field-content = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
     * field-vchar   = VCHAR / obs-text
     * obs-text      = %x80-FF
     * </pre>
     * The characters of {@code field-content}: {@code field-vchar}, SP and HTAB. RFC 9112 §4 builds
     * {@code reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )} from the same characters. Everything else is a
     * control: CR, LF and NUL are the ones RFC 9110 §5.5 calls dangerous (they split a message), and the other
     * controls are refused with them.
     */
    private static final boolean[] FIELD_CONTENT = new boolean[256];

    /** Reads eight bytes of an array as one {@code long}, for {@link #skipFieldContent}. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            TCHAR[c] = true;
            TCHAR[c + ('a' - 'A')] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        for (int c = 0x21; c <= 0xFF; c++) {
            FIELD_CONTENT[c] = c != 0x7F; // VCHAR is %x21-7E; obs-text is %x80-FF
        }
        FIELD_CONTENT[' '] = true;
        FIELD_CONTENT['\t'] = true;
    }

    /** For {@link io.netty.buffer.ByteBuf#forEachByte}: continues while the byte is a {@code tchar}. */
    public static final ByteProcessor WHILE_TCHAR = b -> TCHAR[b & 0xFF];

    /**
     * For {@link io.netty.buffer.ByteBuf#forEachByte}: continues while the byte may appear in a field value (a
     * {@code field-vchar}, SP or HTAB); stops at CR, LF, NUL and every other control.
     */
    public static final ByteProcessor WHILE_FIELD_CONTENT = b -> FIELD_CONTENT[b & 0xFF];

    private FieldText() {
    }

    /**
     * Where a run of {@code tchar}s ends in a byte range: for scanning received bytes in bulk.
     *
     * @param bytes the bytes
     * @param from  the first index of the range
     * @param to    the index after the range
     * @return the index of the first byte in the range that is not a {@code tchar}, or {@code to}
     */
    public static int skipTchars(byte[] bytes, int from, int to) {
        return skip(TCHAR, bytes, from, to);
    }

    /**
     * Where a run of bytes that may appear in a field value ({@code field-vchar}, SP or HTAB) ends in a byte range:
     * for scanning received bytes in bulk.
     *
     * @param bytes the bytes
     * @param from  the first index of the range
     * @param to    the index after the range
     * @return the index of the first CR, LF, NUL or other control in the range, or {@code to}
     */
    public static int skipFieldContent(byte[] bytes, int from, int to) {
        // Eight bytes at a time: a word in which no byte can be refused is skipped whole, and the table judges a word
        // that might hold one, so the result is the table's. Part of the decoder's HeadBytes change; its javadoc has
        // the DecoderBenchmark (http-tests) figures.
        int i = from;
        while (i + Long.BYTES <= to) {
            // Only the flagged bytes are judged by the table, lowest first: the word holding a line's CR costs one
            // lookup, not eight (DecoderBenchmark in http-tests: about 9% of a browser GET's samples went to rescanning
            // such words).
            for (long flags = controlFlags((long) LONGS.get(bytes, i)); flags != 0; flags &= flags - 1) {
                int at = i + (Long.numberOfTrailingZeros(flags) >>> 3);
                if (!FIELD_CONTENT[bytes[at] & 0xFF]) {
                    return at;
                }
            }
            i += Long.BYTES;
        }
        return skip(FIELD_CONTENT, bytes, i, to);
    }

    /**
     * The high bit of each byte of a little-endian word of eight that may not be field content: one below 0x20 (HTAB
     * included, which is field content) or DEL. Every such byte is flagged; a byte above one may be flagged too (a
     * borrow), so each flag is a candidate to judge. "Determine if a word has a byte less than n" and "... equal to
     * n" from Sean Eron Anderson's Bit Twiddling Hacks.
     */
    private static long controlFlags(long word) {
        long belowSpace = (word - 0x2020202020202020L) & ~word & 0x8080808080808080L;
        long delToZero = word ^ 0x7F7F7F7F7F7F7F7FL;
        long del = (delToZero - 0x0101010101010101L) & ~delToZero & 0x8080808080808080L;
        return belowSpace | del;
    }

    private static int skip(boolean[] table, byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && table[bytes[i] & 0xFF]) {
            i++;
        }
        return i;
    }

    /**
     * Whether a character is a {@code tchar} (RFC 9110 §5.6.2).
     *
     * @param c a byte value (0–255) or a {@code char}
     * @return true for the characters of a token
     */
    public static boolean isTchar(int c) {
        return c >= 0 && c < 256 && TCHAR[c];
    }

    /**
     * Whether a character may appear in a field value or reason phrase: VCHAR, obs-text, SP or HTAB (RFC 9110 §5.5,
     * RFC 9112 §4).
     *
     * @param c a byte value (0–255) or a {@code char}
     * @return false for CR, LF, NUL, the other controls and anything above 0xFF
     */
    public static boolean isFieldContent(int c) {
        return c >= 0 && c < 256 && FIELD_CONTENT[c];
    }

    /**
     * Whether a character is SP or HTAB, the characters of optional whitespace ({@code OWS}, RFC 9110 §5.6.3).
     *
     * @param c a byte value or a {@code char}
     * @return true for SP and HTAB
     */
    public static boolean isOws(int c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Whether a range of characters is a token: one or more {@code tchar}s (RFC 9110 §5.6.2).
     *
     * @param text the text
     * @param from the first index of the range
     * @param to   the index after the range
     * @return false for an empty range
     */
    public static boolean isToken(CharSequence text, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isTchar(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where a name stops being a token.
     *
     * @param name a field name
     * @return the index of the first character that is not a {@code tchar}; -1 when there is none; 0 for an empty name
     */
    public static int firstNonToken(CharSequence name) {
        if (name.length() == 0) {
            return 0;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTchar(name.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where a text stops being a valid field value or reason phrase.
     *
     * @param text a field value or reason phrase
     * @return the index of the first character not allowed in it, or -1
     */
    public static int firstNonText(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isFieldContent(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Checks a header field name: a token (RFC 9110 §5.1).
     *
     * @param name the name to check
     * @throws IllegalArgumentException if {@code name} is null, empty or not a token; the message gives the index of
     *                                  the offending character
     */
    public static void checkHeaderName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("header name is null");
        }
        KnownText.Entry known = KnownText.lookup(name);
        if (known != null && known.token()) {
            return; // this very string was found to be a token before
        }
        int bad = firstNonToken(name);
        if (bad >= 0) {
            throw new IllegalArgumentException(name.isEmpty() ? "empty header name"
                    : "header name has an invalid character at index " + bad + " (a name must be a token)");
        }
    }

    /**
     * Checks a trailer field name: a token that does not frame the message. RFC 9110 §6.5.1 forbids sending
     * Content-Length or Transfer-Encoding as trailer fields: the body they would frame has already been sent.
     *
     * @param name the name to check
     * @throws IllegalArgumentException if {@code name} is not a valid header name, or names Content-Length or
     *                                  Transfer-Encoding (in any case)
     */
    public static void checkTrailerName(String name) {
        checkHeaderName(name);
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
            throw new IllegalArgumentException(name + " cannot be a trailer field: it frames the message "
                    + "(RFC 9110 §6.5.1)");
        }
    }

    /**
     * Checks a field value: VCHAR, obs-text, SP and HTAB only (RFC 9110 §5.5), so that no CR, LF, NUL or other
     * control can split the response. The message names the field and the character's code, never the value.
     *
     * @param name  the field's name, for the message
     * @param value the value to check
     * @throws IllegalArgumentException if {@code value} is null or has a character outside that set
     */
    public static void checkFieldValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("value of header " + name + " is null");
        }
        if (KnownText.lookup(value) != null) {
            return; // this very string was found to be valid field text before
        }
        int bad = firstNonText(value);
        if (bad >= 0) {
            throw new IllegalArgumentException("value of header " + name + " has an invalid character (code "
                    + (int) value.charAt(bad) + ") at index " + bad + "; CR, LF, NUL and other controls are refused");
        }
    }

    /**
     * Checks a reason phrase: HTAB, SP, VCHAR and obs-text only (RFC 9112 §4). {@code null} passes: it stands for the
     * registered phrase of the status ({@link HttpStatus#reasonPhrase(int)}).
     *
     * @param reason the phrase to check, or {@code null}
     * @throws IllegalArgumentException if {@code reason} has a character outside that set
     */
    public static void checkReasonPhrase(String reason) {
        int bad = reason == null ? -1 : firstNonText(reason);
        if (bad >= 0) {
            throw new IllegalArgumentException("status message has an invalid character at index " + bad);
        }
    }
}
