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

    /** Candidates by length: the bytes of each, and the shared string. */
    private final byte[][][] bytesByLength;
    private final String[][] stringsByLength;

    private KnownStrings(String... strings) {
        int longest = 0;
        for (String s : strings) {
            longest = Math.max(longest, s.length());
        }
        bytesByLength = new byte[longest + 1][][];
        stringsByLength = new String[longest + 1][];
        for (int length = 0; length <= longest; length++) {
            List<String> same = new ArrayList<>();
            for (String s : strings) {
                if (s.length() == length && !same.contains(s)) {
                    same.add(s);
                }
            }
            stringsByLength[length] = same.toArray(new String[0]);
            bytesByLength[length] = new byte[same.size()][];
            for (int i = 0; i < same.size(); i++) {
                bytesByLength[length][i] = same.get(i).getBytes(StandardCharsets.ISO_8859_1);
            }
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
        if (length >= bytesByLength.length) {
            return null;
        }
        byte[][] candidates = bytesByLength[length];
        byte first = bytes[from];
        for (int c = 0; c < candidates.length; c++) {
            byte[] candidate = candidates[c];
            if (candidate[0] == first && Arrays.equals(candidate, 1, length, bytes, from + 1, from + length)) {
                return stringsByLength[length][c];
            }
        }
        return null;
    }
}
