package dev.h1.tests.fuzz;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.Leniency;
import dev.h1.testing.DecoderHarness;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

/**
 * Decoder bugs found by {@link DecoderFuzzTest}, each reduced to a small input. A test stays {@code @Disabled} while
 * its bug is open (and its {@link KnownDecoderBug} constant lets the fuzzer pass it); enable it with the fix.
 */
class DecoderBugRegressionTest {

    /** The fuzz test's configuration #2 as far as these bugs need it: a request line of at most 40 bytes. */
    private static final DecoderConfig SMALL_REQUEST_LINE =
            DecoderConfig.builder().allow(Leniency.MISSING_HOST).maxRequestLineBytes(40).build();

    @Test
    @Disabled("bug: RequestDecoder answers a request line that has no HTTP-version 400 BAD_REQUEST_LINE when the line"
            + " arrives whole, but 414 URI_TOO_LONG when a read ends inside the request-target at a point where"
            + " target + \" HTTP/x.y\" no longer fits maxRequestLineBytes, although the line is within the limit:"
            + " with maxRequestLineBytes=40, \"POST /Transfer-Encodingt-LengtHTTP/1.1\\r\\n\" (38 bytes before CRLF)"
            + " is 414 when split at offsets 32 to 38 and byte by byte, 400 otherwise. The status depends on the"
            + " fragmentation. Found by DecoderFuzzTest (input uri-too-long-depends-on-fragmentation).")
    void answersARequestLineWithoutVersionAlikeInEveryFragmentation() {
        decodesAlikeInEveryFragmentation("POST /Transfer-Encodingt-LengtHTTP/1.1\r\n");
    }

    @Test
    @Disabled("bug: RequestDecoder names a different ParseError for the same bad request line depending on where the"
            + " reads end: with maxRequestLineBytes=40, \"PUoooooooooooooooooooooooor-Encoding: pigeons\\r\\n\\r\\n\""
            + " is BAD_METHOD (the ':' in the method) fed whole, but BAD_REQUEST_LINE when a read ends inside the"
            + " method after so many bytes that a minimal request line could no longer fit the budget: that check"
            + " runs at the end of each read, before the bytes that arrive later in the same line. Same root cause as"
            + " the 414 bug above. Found by DecoderFuzzTest (input error-kind-depends-on-fragmentation).")
    void namesTheSameRequestLineErrorInEveryFragmentation() {
        decodesAlikeInEveryFragmentation("PUoooooooooooooooooooooooor-Encoding: pigeons\r\n\r\n");
    }

    /** Whole, byte by byte, split at every offset, then EOF: the same messages (fails on the first that differs). */
    private static void decodesAlikeInEveryFragmentation(String input) {
        DecoderHarness.decodeAllSplits(SMALL_REQUEST_LINE, input.getBytes(StandardCharsets.ISO_8859_1), true);
    }
}
