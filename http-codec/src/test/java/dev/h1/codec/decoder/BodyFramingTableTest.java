package dev.h1.codec.decoder;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
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

    private static final long UNLIMITED = Long.MAX_VALUE;

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
                /* 0 */ arguments(HTTP_1_1, "GET", List.of(), UNLIMITED, BodyFraming.NONE),
                /* 1 */ arguments(HTTP_1_1, "POST", List.of("Host: a"), UNLIMITED, BodyFraming.NONE),
                /* 2 */ arguments(HTTP_1_0, "POST", List.of(), UNLIMITED, BodyFraming.NONE),

                // --- Transfer-Encoding (RFC 9112 §6.1, §6.3(4)) ---
                /* 3: chunked */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chunked"), UNLIMITED, BodyFraming.CHUNKED),
                /* 4: codings are case-insensitive */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: Chunked"), UNLIMITED, BodyFraming.CHUNKED),
                /* 5: field names are case-insensitive */
                arguments(HTTP_1_1, "POST", List.of("transfer-encoding: CHUNKED"), UNLIMITED, BodyFraming.CHUNKED),
                /* 6: GET may have a body too */
                arguments(HTTP_1_1, "GET", List.of("Transfer-Encoding: chunked"), UNLIMITED, BodyFraming.CHUNKED),
                /* 7: final coding not chunked */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: gzip"), UNLIMITED,
                        ParseError.BAD_TRANSFER_ENCODING),
                /* 8: chunked not last */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chunked, gzip"), UNLIMITED,
                        ParseError.BAD_TRANSFER_ENCODING),
                /* 9: chunked twice in one list */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chunked, chunked"), UNLIMITED,
                        ParseError.BAD_TRANSFER_ENCODING),
                /* 10: chunked in two lines */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chunked", "Transfer-Encoding: chunked"),
                        UNLIMITED, ParseError.BAD_TRANSFER_ENCODING),
                /* 11: chunked then another coding in a second line */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chunked", "Transfer-Encoding: gzip"),
                        UNLIMITED, ParseError.BAD_TRANSFER_ENCODING),
                /* 12: a coding h1 does not decode, chunked last */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: gzip, chunked"), UNLIMITED,
                        ParseError.UNSUPPORTED_TRANSFER_CODING),
                /* 13: the same over two lines */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: deflate", "Transfer-Encoding: chunked"),
                        UNLIMITED, ParseError.UNSUPPORTED_TRANSFER_CODING),
                /* 14: an empty value has no final chunked */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding:"), UNLIMITED,
                        ParseError.BAD_TRANSFER_ENCODING),
                /* 15: a coding that is not a token */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chu\"nked"), UNLIMITED,
                        ParseError.BAD_TRANSFER_ENCODING),
                /* 16: chunked with a look-alike prefix is another coding */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: xchunked"), UNLIMITED,
                        ParseError.BAD_TRANSFER_ENCODING),
                /* 17: Transfer-Encoding in HTTP/1.0 (RFC 9112 §6.1) */
                arguments(HTTP_1_0, "POST", List.of("Transfer-Encoding: chunked"), UNLIMITED,
                        ParseError.CONFLICTING_FRAMING),
                /* 18: with Content-Length (RFC 9112 §6.3(3)) */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chunked", "Content-Length: 5"), UNLIMITED,
                        ParseError.CONFLICTING_FRAMING),
                /* 19: Content-Length first */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5", "Transfer-Encoding: chunked"), UNLIMITED,
                        ParseError.CONFLICTING_FRAMING),
                /* 20: with a Content-Length of zero */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 0", "Transfer-Encoding: chunked"), UNLIMITED,
                        ParseError.CONFLICTING_FRAMING),

                // --- Content-Length (RFC 9112 §6.2, §6.3(5); RFC 9110 §8.6) ---
                /* 21 */ arguments(HTTP_1_1, "POST", List.of("Content-Length: 5"), UNLIMITED, fixed(5)),
                /* 22 */ arguments(HTTP_1_1, "POST", List.of("Content-Length: 0"), UNLIMITED, fixed(0)),
                /* 23: leading zeros */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 003"), UNLIMITED, fixed(3)),
                /* 24: HTTP/1.0 */
                arguments(HTTP_1_0, "POST", List.of("Content-Length: 5"), UNLIMITED, fixed(5)),
                /* 25: identical list */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5, 5"), UNLIMITED, fixed(5)),
                /* 26: identical lines */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5", "Content-Length: 5"), UNLIMITED, fixed(5)),
                /* 27: the largest long */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 9223372036854775807"), UNLIMITED,
                        fixed(Long.MAX_VALUE)),
                /* 28: differing list */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5, 6"), UNLIMITED, ParseError.BAD_CONTENT_LENGTH),
                /* 29: differing lines */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5", "Content-Length: 6"), UNLIMITED,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 30 */ arguments(HTTP_1_1, "POST", List.of("Content-Length: +1"), UNLIMITED,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 31 */ arguments(HTTP_1_1, "POST", List.of("Content-Length: -1"), UNLIMITED,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 32 */ arguments(HTTP_1_1, "POST", List.of("Content-Length: 1 2"), UNLIMITED,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 33 */ arguments(HTTP_1_1, "POST", List.of("Content-Length: 0x10"), UNLIMITED,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 34 */ arguments(HTTP_1_1, "POST", List.of("Content-Length: 1.0"), UNLIMITED,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 35 */ arguments(HTTP_1_1, "POST", List.of("Content-Length:"), UNLIMITED,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 36: Long.MAX_VALUE + 1 */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 9223372036854775808"), UNLIMITED,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 37: wraps to a small number in 64 bits if overflow is not checked */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 18446744073709551621"), UNLIMITED,
                        ParseError.BAD_CONTENT_LENGTH),
                /* 38: a valid first line, an invalid second one */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 5", "Content-Length: x"), UNLIMITED,
                        ParseError.BAD_CONTENT_LENGTH),

                // --- maxBodyBytes (RFC 9110 §15.5.14) ---
                /* 39: at the limit */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 10"), 10L, fixed(10)),
                /* 40: one over */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 11"), 10L, ParseError.CONTENT_TOO_LARGE),
                /* 41: a limit of zero still allows an empty body */
                arguments(HTTP_1_1, "POST", List.of("Content-Length: 0"), 0L, fixed(0)),
                /* 42: chunked is checked while it is read, not here */
                arguments(HTTP_1_1, "POST", List.of("Transfer-Encoding: chunked"), 0L, BodyFraming.CHUNKED),

                // --- CONNECT (RFC 9110 §9.3.6): no content; the connection becomes a tunnel ---
                /* 43 */ arguments(HTTP_1_1, "CONNECT", List.of("Content-Length: 5"), UNLIMITED, BodyFraming.NONE),
                /* 44 */ arguments(HTTP_1_1, "CONNECT", List.of(), UNLIMITED, BodyFraming.NONE),
                /* 45: the method is case-sensitive: "connect" is not CONNECT */
                arguments(HTTP_1_1, "connect", List.of("Content-Length: 5"), UNLIMITED, fixed(5)),
                /* 46: a CONNECT has no body, so its declared length cannot be too large */
                arguments(HTTP_1_1, "CONNECT", List.of("Content-Length: 11"), 10L, BodyFraming.NONE)
        );
    }

    @ParameterizedTest
    @MethodSource("framings")
    void decidesBodyFramingPerRfc9112Section6(HttpVersion version, String method, List<String> fieldLines,
                                              long maxBodyBytes, Object expected) {
        BodyFraming framing = BodyFraming.of(version, method, fields(fieldLines), maxBodyBytes);
        if (expected instanceof ParseError error) {
            BodyFraming.Invalid invalid = assertInstanceOf(BodyFraming.Invalid.class, framing);
            assertEquals(error, invalid.error(), invalid::detail);
        } else {
            assertEquals(expected, framing);
        }
    }
}
