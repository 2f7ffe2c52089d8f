package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.Leniency;
import dev.h1.codec.ParseError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.h1.codec.HttpVersion.HTTP_1_0;
import static dev.h1.codec.HttpVersion.HTTP_1_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * RFC 9112 §6 as a truth table of the pure function {@link BodyFraming#of}, without a channel: version, method and
 * field lines in, {@code NONE}, {@code CHUNKED}, {@code Fixed(n)} or the {@link ParseError} of an {@code Invalid} out.
 * {@link FramingDecoderTest} runs the same rules through the decoder.
 */
class BodyFramingTableTest {

    /** The defaults: no body limit, no leniency. */
    private static final DecoderConfig STRICT = DecoderConfig.defaults();
    private static final DecoderConfig IDENTICAL_LENGTHS =
            DecoderConfig.builder().allow(Leniency.IDENTICAL_CONTENT_LENGTHS).build();

    private static DecoderConfig limit(long maxBodyBytes) {
        return DecoderConfig.builder().maxBodyBytes(maxBodyBytes).build();
    }

    private static Headers fields(List<String> lines) {
        Headers headers = new Headers();
        for (String line : lines) {
            int colon = line.indexOf(':');
            headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return headers;
    }

    private static BodyFraming fixed(long length) {
        return new BodyFraming.Fixed(length);
    }

    static Stream<Arguments> framings() {
        return Stream.of(
                // --- no framing field: no body (RFC 9112 §6.3(7)) ---
                /* 0 */ arguments(HTTP_1_1, "GET", List.of(), STRICT, BodyFraming.NONE),
                /* 1 */ arguments(HTTP_1_1, "POST", List.of("Host: a"), STRICT, BodyFraming.NONE),
                /* 2 */ arguments(HTTP_1_0, "POST", List.of(), STRICT, BodyFraming.NONE),

                // --- Transfer-Encoding (RFC 9112 §6.1, §6.3(4)) ---
                /* 3: chunked */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chunked"), STRICT, BodyFraming.CHUNKED),
                /* 4: codings are case-insensitive */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: Chunked"), STRICT, BodyFraming.CHUNKED),
                /* 5: field names are case-insensitive */
                arguments(HTTP_1_1, "POST", List.of("transfer-encoding: CHUNKED"), STRICT, BodyFraming.CHUNKED),
                /* 6: GET may have a body too */
                arguments(HTTP_1_1, "GET", List.of("Transfer-Encoding: chunked"), STRICT, BodyFraming.CHUNKED),
                /* 7: final coding not chunked */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: gzip"), STRICT,
                        ParseError.BAD_TRANSFER_ENCODING),
                /* 8: chunked not last */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chunked, gzip"), STRICT,
                        ParseError.BAD_TRANSFER_ENCODING),
                /* 9: chunked twice in one list */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chunked, chunked"), STRICT,
                        ParseError.BAD_TRANSFER_ENCODING),
                /* 10: chunked in two lines */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chunked", "Transfer-Encoding: chunked"),
                        STRICT, ParseError.BAD_TRANSFER_ENCODING),
                /* 11: chunked then another coding in a second line */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chunked", "Transfer-Encoding: gzip"),
                        STRICT, ParseError.BAD_TRANSFER_ENCODING),
                /* 12: a coding h1 does not decode, chunked last */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: gzip, chunked"), STRICT,
                        ParseError.UNSUPPORTED_TRANSFER_CODING),
                /* 13: the same over two lines */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: deflate", "Transfer-Encoding: chunked"),
                        STRICT, ParseError.UNSUPPORTED_TRANSFER_CODING),
                /* 14: an empty value has no final chunked */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding:"), STRICT,
                        ParseError.BAD_TRANSFER_ENCODING),
                /* 15: a coding that is not a token */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chu\"nked"), STRICT,
                        ParseError.BAD_TRANSFER_ENCODING),
                /* 16: chunked with a look-alike prefix is another coding */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: xchunked"), STRICT,
                        ParseError.BAD_TRANSFER_ENCODING),
                /* 17: Transfer-Encoding in HTTP/1.0 (RFC 9112 §6.1) */
                arguments(HTTP_1_0, "POST", List.of("Transfer-Encoding: chunked"), STRICT,
                        ParseError.CONFLICTING_FRAMING),
                /* 18: with Content-Length (RFC 9112 §6.3(3)) */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chunked", "Content-Length: 5"), STRICT,
                        ParseError.CONFLICTING_FRAMING),
                /* 19: Content-Length first */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5", "Transfer-Encoding: chunked"), STRICT,
                        ParseError.CONFLICTING_FRAMING),
                /* 20: with a Content-Length of zero */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 0", "Transfer-Encoding: chunked"), STRICT,
                        ParseError.CONFLICTING_FRAMING),

                // --- Content-Length (RFC 9112 §6.2, §6.3(5); RFC 9110 §8.6) ---
                /* 21 */ arguments(HTTP_1_1, "POST", List.of("Content-Length: 5"), STRICT, fixed(5)),
                /* 22 */ arguments(HTTP_1_1, "POST", List.of("Content-Length: 0"), STRICT, fixed(0)),
                /* 23: leading zeros */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 003"), STRICT, fixed(3)),
                /* 24: HTTP/1.0 */
                arguments(HTTP_1_0, "POST", List.of("Content-Length: 5"), STRICT, fixed(5)),
                /* 25: identical list: strict by default (RFC 9110 §8.6 allows either answer) */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5, 5"), STRICT, ParseError.BAD_CONTENT_LENGTH),
                /* 26: identical lines, the same */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5", "Content-Length: 5"), STRICT,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 27: the largest long */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 9223372036854775807"), STRICT,
                        fixed(Long.MAX_VALUE)),
                /* 28: differing list */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5, 6"), STRICT, ParseError.BAD_CONTENT_LENGTH),
                /* 29: differing lines */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5", "Content-Length: 6"), STRICT,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 30 */ arguments(HTTP_1_1, "POST", List.of("Content-Length: +1"), STRICT,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 31 */ arguments(HTTP_1_1, "POST", List.of("Content-Length: -1"), STRICT,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 32 */ arguments(HTTP_1_1, "POST", List.of("Content-Length: 1 2"), STRICT,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 33 */ arguments(HTTP_1_1, "POST", List.of("Content-Length: 0x10"), STRICT,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 34 */ arguments(HTTP_1_1, "POST", List.of("Content-Length: 1.0"), STRICT,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 35 */ arguments(HTTP_1_1, "POST", List.of("Content-Length:"), STRICT,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 36: Long.MAX_VALUE + 1 */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 9223372036854775808"), STRICT,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 37: wraps to a small number in 64 bits if overflow is not checked */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 18446744073709551621"), STRICT,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 38: a valid first line, an invalid second one */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5", "Content-Length: x"), STRICT,
                        ParseError.BAD_CONTENT_LENGTH),

                // --- maxBodyBytes (RFC 9110 §15.5.14) ---
                /* 39: at the limit */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 10"), limit(10), fixed(10)),
                /* 40: one over */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 11"), limit(10), ParseError.CONTENT_TOO_LARGE),
                /* 41: a limit of zero still allows an empty body */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 0"), limit(0), fixed(0)),
                /* 42: chunked is checked while it is read, not here */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chunked"), limit(0), BodyFraming.CHUNKED),

                // --- CONNECT (RFC 9110 §9.3.6): no content; the connection becomes a tunnel ---
                /* 43 */ arguments(HTTP_1_1, "CONNECT", List.of("Content-Length: 5"), STRICT, BodyFraming.NONE),
                /* 44 */ arguments(HTTP_1_1, "CONNECT", List.of(), STRICT, BodyFraming.NONE),
                /* 45: the method is case-sensitive: "connect" is not CONNECT */
                arguments(HTTP_1_1, "connect", List.of("Content-Length: 5"), STRICT, fixed(5)),
                /* 46: a CONNECT has no body, so its declared length cannot be too large */
                arguments(HTTP_1_1, "CONNECT", List.of("Content-Length: 11"), limit(10), BodyFraming.NONE),

                // --- repeated Content-Length (RFC 9110 §8.6) ---
                /* 47: the same decimal value in two spellings, strict */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 003", "Content-Length: 3"), STRICT,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 48: identical list, with the leniency */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5, 5"), IDENTICAL_LENGTHS, fixed(5)),
                /* 49: identical lines, with the leniency */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5", "Content-Length: 5"), IDENTICAL_LENGTHS,
                        fixed(5)),
                /* 50: the same decimal value in two spellings, with the leniency */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 003", "Content-Length: 3"), IDENTICAL_LENGTHS,
                        fixed(3)),
                /* 51: a list and a line, all identical, with the leniency */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5,5", "Content-Length: 5"), IDENTICAL_LENGTHS,
                        fixed(5)),
                /* 52: differing list: never allowed (RFC 9112 §6.3(5)) */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5, 6"), IDENTICAL_LENGTHS,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 53: differing lines: never allowed */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5", "Content-Length: 6"), IDENTICAL_LENGTHS,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 54: an empty list element is not a value */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5, "), IDENTICAL_LENGTHS,
                        ParseError.BAD_CONTENT_LENGTH)
        );
    }

    @ParameterizedTest
    @MethodSource("framings")
    void decidesBodyFramingPerRfc9112Section6(HttpVersion version, String method, List<String> fieldLines,
                                              DecoderConfig config, Object expected) {
        BodyFraming framing = BodyFraming.of(version, method, fields(fieldLines), config);
        if (expected instanceof ParseError error) {
            BodyFraming.Invalid invalid = assertInstanceOf(BodyFraming.Invalid.class, framing);
            assertEquals(error, invalid.error(), invalid::detail);
        } else {
            assertEquals(expected, framing);
        }
    }
}
