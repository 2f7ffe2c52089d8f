package dev.h1.codec.internal;

import dev.h1.codec.EncodeError;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.codec.ResponseFraming;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The framing rules hand the declared length to the caller as they check it, so the encoder does not scan for it
 * again; the decisions themselves are {@link ResponseFraming}'s, tested in ResponseFramingTest.
 */
class FramingRulesTest {

    private final List<Long> declared = new ArrayList<>();

    private ResponseFraming decide(String method, int status, Headers headers) {
        return FramingRules.decide(status, method, HttpVersion.HTTP_1_1, false, headers, declared::add);
    }

    @Test
    void declaresTheCheckedLengthOnceForAFixedLengthBody() {
        assertEquals(ResponseFraming.FIXED_LENGTH,
                decide("GET", 200, new Headers().add("Content-Type", "text/plain").add("content-length", "0013")));
        assertEquals(List.of(13L), declared);
    }

    @Test
    void declaresTheLengthAHeadOr304KeepsThoughItHasNoBody() {
        assertEquals(ResponseFraming.NO_BODY, decide("HEAD", 200, new Headers().add("Content-Length", "42")));
        assertEquals(ResponseFraming.NO_BODY, decide("GET", 304, new Headers().add("Content-Length", "7")));
        assertEquals(List.of(42L, 7L), declared);
    }

    @Test
    void declaresNothingWithoutALengthOrWhenTheLengthIsRefused() {
        assertEquals(ResponseFraming.CHUNKED, decide("GET", 200, new Headers()));
        assertEquals(ResponseFraming.CHUNKED, decide("GET", 200, new Headers().add("Transfer-Encoding", "chunked")));
        ResponseEncodeException refused = assertThrows(ResponseEncodeException.class,
                () -> decide("GET", 200, new Headers().add("Content-Length", "1").add("Content-Length", "1")));
        assertEquals(EncodeError.INVALID_CONTENT_LENGTH, refused.error());
        refused = assertThrows(ResponseEncodeException.class,
                () -> decide("GET", 200, new Headers().add("Content-Length", "1x")));
        assertEquals(EncodeError.INVALID_CONTENT_LENGTH, refused.error());
        assertEquals(List.of(), declared);
    }

    @Test
    void readsTheLengthAloneAsResponseFramingDoes() {
        assertEquals(999_999_999_999_999_999L,
                FramingRules.contentLength(new Headers().add("Content-Length", "999999999999999999")));
        assertEquals(EncodeError.INVALID_CONTENT_LENGTH, assertThrows(ResponseEncodeException.class,
                () -> FramingRules.contentLength(new Headers())).error());
    }
}
