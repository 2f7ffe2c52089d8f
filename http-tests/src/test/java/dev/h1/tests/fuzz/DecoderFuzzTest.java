package dev.h1.tests.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.h1.tests.conformance.Feed;
import dev.h1.tests.conformance.Outcome;
import dev.h1.tests.conformance.Replayer;

import java.time.Duration;

/**
 * Coverage-guided fuzzing of {@code RequestDecoder} with Jazzer: any bytes, in any fragmentation, give only the
 * messages of the decoder's contract, the same ones whole and in fragments, with every buffer released and within a
 * time bound ({@link FuzzOracle}).
 *
 * <p>{@code ./mvnw verify} replays the committed inputs in {@code src/test/resources/dev/h1/tests/fuzz/
 * DecoderFuzzTestInputs/} (Jazzer's regression mode). With {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration};
 * docs/RELIABILITY.md has the command and the figures of the last long run.
 */
class DecoderFuzzTest {

    /** Far above the microseconds an input of at most 4 KiB takes, even on a loaded 2-core machine. */
    private static final TimeBound BOUND = new TimeBound(Duration.ofSeconds(10));

    @FuzzTest(maxDuration = "15m")
    void decodesAnyInputAlikeWholeAndInFragments(FuzzedDataProvider data) throws Exception {
        FuzzInput input = FuzzInput.from(data);
        Replayer replayer = new Replayer(input.config());
        Outcome whole = BOUND.call(() -> replayer.run(Feed.whole(input.bytes())));
        Outcome fragmented = BOUND.call(() -> replayer.run(input.fragmented()));
        FuzzOracle.check(input, whole, fragmented);
    }
}
