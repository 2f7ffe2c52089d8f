package dev.h1.codec.internal;

import dev.h1.codec.FieldText;

import java.nio.charset.StandardCharsets;

/**
 * Header field names and values that were checked and encoded before, recognised by identity. Most responses carry
 * the same few constant strings (an application's {@code "Content-Type"} and {@code "text/plain"}, the server's
 * {@code Keep-Alive} value, a cached length), and checking them against RFC 9110's character rules and encoding them
 * char by char again for every response showed in the pipeline profile (PipelineBenchmark in http-tests, about 7%).
 * A string found here is known to be valid field text (and, if {@link Entry#token()}, a valid field name), and its
 * ISO-8859-1 bytes are ready to copy.
 *
 * <p>A string is admitted the second time the same instance is seen, so values made anew for each response (a request
 * id, a date) cost one array store and no allocation. The table is direct-mapped by identity hash and small; a string
 * that loses its slot is simply checked again. Strings longer than {@value #MAX_LENGTH} chars are never admitted.
 *
 * <p>Internal to h1 (this package is not exported). Thread-safe without locks: slots hold immutable entries written and
 * read with plain array accesses, so a racing reader may miss an entry but never sees a broken one.
 */
public final class KnownText {

    /** A string found valid: its bytes, and whether it is also a token (a valid field name). */
    public record Entry(String text, byte[] bytes, boolean token) {
    }

    static final int MAX_LENGTH = 256;
    private static final int SLOTS = 1024;
    private static final Entry[] ENTRIES = new Entry[SLOTS];
    private static final String[] SEEN = new String[SLOTS];

    private KnownText() {
    }

    /**
     * The entry of {@code text} if this instance was found valid before; null otherwise, after which the caller checks
     * it as usual. The second sighting of an instance that is valid field text admits it.
     *
     * @param text a field name, value or reason phrase about to be checked and encoded
     * @return its entry, or null when this instance is not known (yet)
     */
    public static Entry lookup(String text) {
        int slot = System.identityHashCode(text) & (SLOTS - 1);
        Entry entry = ENTRIES[slot];
        if (entry != null && entry.text == text) {
            return entry;
        }
        if (SEEN[slot] != text) {
            SEEN[slot] = text;
            return null;
        }
        return admit(slot, text);
    }

    private static Entry admit(int slot, String text) {
        if (text.length() > MAX_LENGTH || FieldText.firstNonText(text) >= 0) {
            return null;
        }
        boolean token = !text.isEmpty() && FieldText.firstNonToken(text) < 0;
        Entry entry = new Entry(text, text.getBytes(StandardCharsets.ISO_8859_1), token);
        ENTRIES[slot] = entry;
        return entry;
    }
}
