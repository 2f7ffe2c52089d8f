package dev.h1.codec;

/**
 * The character rules for outbound field names, field values and reason phrases, shared by the response encoder
 * and the server API so that a header is judged the same way where it is set and where it is written.
 */
public final class FieldText {

    /**
     * RFC 9110 §5.6.2: {@code token = 1*tchar}, {@code tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" /
     * "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA}.
     */
    private static final boolean[] TCHAR = new boolean[256];

    /**
     * RFC 9110 §5.5 and RFC 9112 §4: field values and reason phrases are {@code HTAB / SP / VCHAR / obs-text}. CR, LF
     * and NUL are the characters RFC 9110 §5.5 calls dangerous (response splitting); the other controls are not
     * allowed either.
     */
    private static final boolean[] TEXT = new boolean[256];

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
        TEXT['\t'] = true;
        for (int c = 0x20; c <= 0xff; c++) {
            TEXT[c] = c != 0x7f;
        }
    }

    private FieldText() {
    }

    /** The index of the first character of {@code name} that is not a token character, or -1 (empty: 0). */
    public static int firstNonToken(CharSequence name) {
        if (name.length() == 0) {
            return 0;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0xff || !TCHAR[c]) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first character not allowed in a field value or reason phrase, or -1. */
    public static int firstNonText(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xff || !TEXT[c]) {
                return i;
            }
        }
        return -1;
    }
}
