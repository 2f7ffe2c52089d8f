package dev.h1.tests.fuzz;

import dev.h1.tests.conformance.CorpusCase;
import dev.h1.tests.conformance.LlhttpCorpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * The seed corpus of {@link PipelineFuzzTest}, generated from the llhttp corpus: one file per case under
 * {@value #SEEDS}, each the decoder target's seed for the case ({@link FuzzSeedsTest#seedInput}: the request, a
 * configuration and a fragmentation) followed by the pipeline's control bytes: chunked echo bits drawn from the case's
 * index, every read delivered, and an ending that goes round the three.
 *
 * <p>Checks that the committed files are exactly what the generator makes. To (re)write them, from the repository
 * root:
 * <pre>
 * ./mvnw -B -pl http-tests -am test -Dtest=PipelineSeedsTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dh1.fuzz.writeSeeds=true
 * </pre>
 */
class PipelineSeedsTest {

    static final String SEEDS = "src/test/resources/dev/h1/tests/fuzz/PipelineFuzzTestInputs/"
            + "answersAnyInputWithWellFramedResponsesInOrder/llhttp";

    @Test
    void committedSeedsAreTheLlhttpCorpusRequests() throws IOException {
        TreeMap<Path, byte[]> seeds = new TreeMap<>();
        List<CorpusCase> cases = LlhttpCorpus.cases();
        PipelineInput.Ending[] endings = PipelineInput.Ending.values();
        for (int i = 0; i < cases.size(); i++) {
            PipelineInput input = new PipelineInput(FuzzSeedsTest.seedInput(cases.get(i), i), (i * 0x9E) & 0xFF,
                    PipelineInput.MAX_FRAGMENTS_BEFORE_ENDING, endings[i % endings.length]);
            seeds.put(Path.of(cases.get(i).id()), input.encode());
        }
        SeedFiles.assertCommitted(SEEDS, seeds);
    }
}
