package dev.h1.tests.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.time.Duration;

/**
 * Coverage-guided fuzzing of h1's whole pipeline ({@code HttpServerInitializer.install}: decoder, encoder, connection)
 * with an echoing application ({@link EchoHandler}): any bytes, in any reads, ended by the client staying, shutting
 * its output or closing at any read, give only well-formed, correctly framed responses in request order, one per
 * completed request plus at most one error answer, with no exception, every buffer released, within a time bound
 * ({@link PipelineOracle}).
 *
 * <p>{@code ./mvnw verify} replays the committed inputs in {@code src/test/resources/dev/h1/tests/fuzz/
 * PipelineFuzzTestInputs/} (Jazzer's regression mode). With {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration};
 * docs/RELIABILITY.md has the command and the figures of the last long run.
 */
class PipelineFuzzTest {

    /** Far above the milliseconds an input of at most 4 KiB takes, even on a loaded 2-core machine. */
    private static final TimeBound BOUND = new TimeBound(Duration.ofSeconds(10));

    @FuzzTest(maxDuration = "15m")
    void answersAnyInputWithWellFramedResponsesInOrder(FuzzedDataProvider data) throws Exception {
        PipelineInput input = PipelineInput.from(data);
        ServerTranscript server = BOUND.call(() -> PipelineReplayer.run(input));
        ResponseReader.Responses responses = ResponseReader.read(server.output(),
                server.requests().stream().map(ServerTranscript.Request::method).toList());
        PipelineOracle.check(input, server, responses);
    }
}
