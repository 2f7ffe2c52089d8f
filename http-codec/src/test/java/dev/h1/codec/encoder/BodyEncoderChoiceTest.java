package dev.h1.codec.encoder;

import dev.h1.codec.HttpVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.h1.codec.HttpVersion.HTTP_1_0;
import static dev.h1.codec.HttpVersion.HTTP_1_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@link BodyEncoder#of} maps {@link dev.h1.codec.ResponseFraming} to the encoder's body framing, adding only what the
 * head decides beyond it: the length, and whether the head already announces chunked or the close.
 */
class BodyEncoderChoiceTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                /* 0: NO_BODY */ arguments("HEAD", HTTP_1_1, 200, new String[] {"Content-Length", "7"}, "NONE"),
                /* 1: FIXED_LENGTH carries the length */
                arguments("GET", HTTP_1_1, 200, new String[] {"Content-Length", "42"}, "FIXED 42"),
                /* 2: CHUNKED, announced by the encoder */
                arguments("GET", HTTP_1_1, 200, new String[0], "CHUNKED_ANNOUNCED"),
                /* 3: CHUNKED, given by the head */
                arguments("GET", HTTP_1_1, 200, new String[] {"Transfer-Encoding", "chunked"}, "CHUNKED_GIVEN"),
                /* 4: CLOSE_DELIMITED, announced by the encoder */
                arguments("GET", HTTP_1_0, 200, new String[0], "CLOSE_ANNOUNCED"),
                /* 5: CLOSE_DELIMITED, given by the head (tokens are case-insensitive) */
                arguments("GET", HTTP_1_0, 200, new String[] {"Connection", "Close"}, "CLOSE_GIVEN"),
                /* 6: another connection option does not announce the close */
                arguments("GET", HTTP_1_0, 200, new String[] {"Connection", "keep-alive"}, "CLOSE_ANNOUNCED"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} {2}: {4}")
    @MethodSource("rows")
    void choosesTheBodyEncoderOfTheDecidedFraming(String method, HttpVersion version, int status, String[] fields,
                                                  String expected) {
        BodyEncoder body = BodyEncoder.of(Wire.head(method, version, status, fields), new FixedLength(0));
        String actual;
        if (body instanceof FixedLength fixed) {
            actual = "FIXED " + fixed.length();
        } else if (body instanceof Chunked chunked) {
            actual = "CHUNKED_" + chunked.name();
        } else if (body instanceof CloseDelimited closing) {
            actual = "CLOSE_" + closing.name();
        } else {
            actual = "NONE";
        }
        assertEquals(expected, actual);
    }
}
