package dev.h1.tests.fuzz;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.Leniency;
import dev.h1.testing.DecoderHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

/**
 * Decoder bugs found by {@link DecoderFuzzTest}, each reduced to a small input and kept as a regression test once
 * fixed. (While a bug is open, its test is {@code @Disabled("bug: ...")} and the fuzz oracle is told to let exactly
 * that difference through, so that fuzzing can go on past it.)
 */
class DecoderBugRegressionTest {

    /** The fuzz test's configuration #2 as far as these bugs need it: a request line of at most 40 bytes. */
    private static final DecoderConfig SMALL_REQUEST_LINE =
            DecoderConfig.builder().allow(Leniency.MISSING_HOST).maxRequestLineBytes(40).build();

    @Test
    void answersARequestLineWithoutVersionAlikeInEveryFragmentation() {
        decodesAlikeInEveryFragmentation("POST /Transfer-Encodingt-LengtHTTP/1.1\r\n");
    }

    @Test
    void namesTheSameRequestLineErrorInEveryFragmentation() {
        decodesAlikeInEveryFragmentation("PUoooooooooooooooooooooooor-Encoding: pigeons\r\n\r\n");
    }

    /** Whole, byte by byte, split at every offset, then EOF: the same messages (fails on the first that differs). */
    private static void decodesAlikeInEveryFragmentation(String input) {
        DecoderHarness.decodeAllSplits(SMALL_REQUEST_LINE, input.getBytes(StandardCharsets.ISO_8859_1), true);
    }
}
