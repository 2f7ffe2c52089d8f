package dev.h1.codec.decoder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Shared {@code String}s for the methods, field names and field values that nearly every request repeats, so that
 * decoding them allocates nothing. A received byte sequence is replaced by a constant only when it matches exactly,
 * case included: received case is preserved. Measured with {@code DecoderBenchmark} (http-tests): the field-name
 * strings were most of the decoder's allocation per request.
 *
 * <p>A received sequence is compared with the candidates of its length as one or two words ({@link ByteWords}), not
 * with {@code Arrays.equals}, which a JFR profile of the server under 16-deep pipelining ({@code PipelineBenchmark},
 * issue 10) showed at about a tenth of all samples, called from here. On the decoder alone ({@code DecoderBenchmark},
 * thread CPU time per decode against Netty's in the same JVM, medians of 15 interleaved rounds, two runs on a busy
 * 2-CPU machine) the h1/Netty ratio went from 0.94 and 0.99 to 0.97 and 0.97 for PLAINTEXT_PIPELINED_16 and from 0.96
 * and 0.97 to 0.91 and 0.97 for BROWSER_GET: within the noise there.
 */
final class KnownStrings {

    static final KnownStrings METHODS = new KnownStrings(
            "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    static final KnownStrings FIELD_NAMES = new KnownStrings(withLowerCase(
            "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset", "Connection",
            "Content-Type", "Content-Length", "Content-Encoding", "Cookie", "Referer", "Transfer-Encoding", "Upgrade",
            "Expect", "Cache-Control", "Origin", "Authorization", "If-None-Match", "If-Modified-Since", "Pragma",
            "Range", "TE", "Trailer", "Keep-Alive", "Priority", "Forwarded", "Via", "DNT", "Upgrade-Insecure-Requests",
            "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User", "X-Forwarded-For",
            "X-Forwarded-Proto", "X-Forwarded-Host", "X-Requested-With", "X-Request-Id"));

    static final KnownStrings FIELD_VALUES = new KnownStrings(
            "keep-alive", "close", "Keep-Alive", "Close", "upgrade", "Upgrade", "*/*", "chunked", "100-continue",
            "gzip", "gzip, deflate", "gzip, deflate, br", "gzip, deflate, br, zstd", "no-cache", "max-age=0", "1",
            "identity", "websocket", "localhost");

    static final KnownStrings TARGETS = new KnownStrings("/", "*", "/favicon.ico");

    /** The strings in the order given: {@link #indexOf} answers a position in it. */
    private final String[] strings;
    /** The strings of each length: their positions in {@link #strings}, bytes and words. */
    private final Candidates[] byLength;

    /**
     * The known strings of one length, each as its {@link ByteWords#head} and {@link ByteWords#tail} words, which
     * hold every byte of a string of up to 16; a longer one also needs its bytes in between.
     */
    private record Candidates(int[] indexes, long[] heads, long[] tails, byte[][] bytes) {
    }

    private KnownStrings(String... strings) {
        this.strings = strings;
        int longest = 0;
        for (String s : strings) {
            longest = Math.max(longest, s.length());
        }
        byLength = new Candidates[longest + 1];
        for (int length = 1; length <= longest; length++) {
            List<Integer> same = new ArrayList<>();
            for (int i = 0; i < strings.length; i++) {
                if (strings[i].length() == length && Arrays.asList(strings).indexOf(strings[i]) == i) {
                    same.add(i);
                }
            }
            if (same.isEmpty()) {
                continue;
            }
            Candidates candidates = new Candidates(new int[same.size()], new long[same.size()],
                    new long[same.size()], new byte[same.size()][]);
            for (int c = 0; c < same.size(); c++) {
                byte[] bytes = strings[same.get(c)].getBytes(StandardCharsets.ISO_8859_1);
                candidates.indexes[c] = same.get(c);
                candidates.heads[c] = ByteWords.head(bytes, 0, length);
                candidates.tails[c] = ByteWords.tail(bytes, 0, length);
                candidates.bytes[c] = bytes;
            }
            byLength[length] = candidates;
        }
    }

    private static String[] withLowerCase(String... names) {
        String[] all = new String[names.length * 2];
        for (int i = 0; i < names.length; i++) {
            all[2 * i] = names[i];
            all[2 * i + 1] = names[i].toLowerCase(Locale.ROOT).intern(); // the same instance as a literal
        }
        return all;
    }

    /** The bytes {@code [from, from + length)} of {@code bytes} as a string: a shared one when known. */
    String toString(byte[] bytes, int from, int length) {
        String known = find(bytes, from, length);
        return known != null ? known : new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }

    /** The shared string whose bytes are {@code [from, from + length)} of {@code bytes}, or {@code null}. */
    String find(byte[] bytes, int from, int length) {
        if (length == 0) {
            return "";
        }
        int index = indexOf(bytes, from, length);
        return index < 0 ? null : strings[index];
    }

    /**
     * The position, among the strings this instance was made with, of the one whose bytes are
     * {@code [from, from + length)} of {@code bytes}; -1 when there is none. A candidate of the same length is
     * compared as one or two words, and its bytes only when it is longer than 16; no byte outside the range is read.
     */
    int indexOf(byte[] bytes, int from, int length) {
        if (length >= byLength.length || byLength[length] == null) {
            return -1;
        }
        Candidates candidates = byLength[length];
        long head = ByteWords.head(bytes, from, length);
        long tail = ByteWords.tail(bytes, from, length);
        long[] heads = candidates.heads;
        for (int c = 0; c < heads.length; c++) {
            if (heads[c] == head && candidates.tails[c] == tail
                    && ByteWords.middleEquals(candidates.bytes[c], 0, bytes, from, length)) {
                return candidates.indexes[c];
            }
        }
        return -1;
    }

    /** The string at {@code index} among those this instance was made with. */
    String get(int index) {
        return strings[index];
    }

    /** How many strings this instance was made with (duplicates included). */
    int size() {
        return strings.length;
    }
}
