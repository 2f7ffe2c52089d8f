package dev.h1.codec.decoder;

import dev.h1.codec.FieldText;
import dev.h1.codec.ParseError;

/**
 * Checks chunk extensions against RFC 9112 §7.1.1 (they carry no meaning for h1 and are otherwise ignored):
 * <pre>
 * chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
 * chunk-ext-name = token
 * chunk-ext-val  = token / quoted-string
 * </pre>
 * with {@code quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE} (RFC 9110 §5.6.4). Runs once per complete
 * chunk-size line, over the bytes between the size and the CRLF, which are already known to be field-value bytes.
 */
final class ChunkExtensions {

    private ChunkExtensions() {
    }

    /** Checks the range {@code [from, to)} of {@code bytes}. */
    static void check(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            i = skipBws(bytes, i, to);
            if (i == to || bytes[i] != ';') {
                throw fail("chunk extension does not start with ';'");
            }
            i = skipBws(bytes, i + 1, to);
            int nameEnd = FieldText.skipTchars(bytes, i, to);
            if (nameEnd == i) {
                throw fail("chunk extension has no name");
            }
            i = nameEnd;
            int afterBws = skipBws(bytes, i, to);
            if (afterBws < to && bytes[afterBws] == '=') {
                i = skipBws(bytes, afterBws + 1, to);
                i = i < to && bytes[i] == '"' ? skipQuotedString(bytes, i, to) : skipValueToken(bytes, i, to);
            }
        }
    }

    private static int skipValueToken(byte[] bytes, int from, int to) {
        int end = FieldText.skipTchars(bytes, from, to);
        if (end == from) {
            throw fail("chunk extension has no value after '='");
        }
        return end;
    }

    /** RFC 9110 §5.6.4: qdtext is any field-value byte but DQUOTE and backslash; quoted-pair escapes one such byte. */
    private static int skipQuotedString(byte[] bytes, int from, int to) {
        int i = from + 1;
        while (i < to) {
            byte b = bytes[i];
            if (b == '"') {
                return i + 1;
            }
            i += b == '\\' ? 2 : 1;
        }
        throw fail("unterminated quoted-string in a chunk extension");
    }

    private static int skipBws(byte[] bytes, int from, int to) {
        while (from < to && FieldText.isOws(bytes[from])) {
            from++;
        }
        return from;
    }

    private static ParseFailure fail(String detail) {
        return ParseFailure.of(ParseError.BAD_CHUNK, detail);
    }
}
