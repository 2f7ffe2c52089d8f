package dev.h1.tests.fuzz;

import dev.h1.tests.conformance.CorpusCase;
import dev.h1.tests.conformance.LlhttpCorpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The seed corpus of {@link DecoderFuzzTest}, generated from the llhttp corpus: one file per case under
 * {@value #SEEDS}, each the case's request followed by the control bytes of {@link FuzzInput} (a configuration and
 * a fragmentation drawn from a fixed seed).
 *
 * <p>Checks that the committed files are exactly what the generator makes, so a change of the corpus or of
 * {@link FuzzInput}'s layout cannot leave stale seeds behind. To (re)write them, from the repository root:
 * <pre>
 * ./mvnw -B -pl http-tests -am test -Dtest=FuzzSeedsTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dh1.fuzz.writeSeeds=true
 * </pre>
 */
class FuzzSeedsTest {

    static final String SEEDS =
            "src/test/resources/dev/h1/tests/fuzz/DecoderFuzzTestInputs/decodesAnyInputAlikeWholeAndInFragments/llhttp";
    private static final long FRAGMENTATION_SEED = 0x5EED_F022L;

    @Test
    void committedSeedsAreTheLlhttpCorpusRequests() throws IOException {
        SeedFiles.assertCommitted(SEEDS, seeds());
    }

    private static TreeMap<Path, byte[]> seeds() {
        TreeMap<Path, byte[]> seeds = new TreeMap<>();
        List<CorpusCase> cases = LlhttpCorpus.cases();
        for (int i = 0; i < cases.size(); i++) {
            seeds.put(Path.of(cases.get(i).id()), seedInput(cases.get(i), i).encode());
        }
        return seeds;
    }

    /** The case's request with configuration {@code index % CONFIGS} and up to 4 cuts of 1 to 16 bytes. */
    static FuzzInput seedInput(CorpusCase corpusCase, int index) {
        SplittableRandom random = new SplittableRandom(FRAGMENTATION_SEED + corpusCase.id().hashCode());
        List<Integer> pieces = new ArrayList<>();
        for (int n = random.nextInt(5); n > 0; n--) {
            pieces.add(1 + random.nextInt(16));
        }
        return new FuzzInput(corpusCase.input(), pieces, false, index % FuzzInput.CONFIGS.size());
    }
}
