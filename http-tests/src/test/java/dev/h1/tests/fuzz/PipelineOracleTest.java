package dev.h1.tests.fuzz;

import dev.h1.codec.Expectation;
import dev.h1.codec.ParseError;
import dev.h1.tests.fuzz.PipelineInput.Ending;
import dev.h1.tests.fuzz.ServerTranscript.Request;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline fuzz test's harness answers as expected on a known input, and its oracle can fail: each check is shown
 * a broken transcript or output once.
 */
class PipelineOracleTest {

    private static final String PIPELINED = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
            + "HEAD /c HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /d HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
    private static final Request GET_A = complete("GET", "/a", "");
    private static final Request GET_B = complete("GET", "/b", "");
    private static final String ECHO_A = "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nGET /a\n";
    private static final String ECHO_B = "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nGET /b\n";

    @Test
    void echoesPipelinedRequestsInOrderWithEitherFraming() {
        for (int bits : new int[] {0b0000, 0b1111, 0b0101, 0b1010}) {
            PipelineInput input = new PipelineInput(new FuzzInput(bytes(PIPELINED), List.of(7, 30, 1), true, 1),
                    bits, PipelineInput.MAX_FRAGMENTS_BEFORE_ENDING, Ending.CLIENT_SHUTS_OUTPUT);
            ServerTranscript server = PipelineReplayer.run(input);
            ResponseReader.Responses read =
                    ResponseReader.read(server.output(), List.of("GET", "POST", "HEAD", "POST"));
            assertEquals(List.of(), PipelineOracle.problems(server, read), "bits " + bits + ": " + server);
            assertEquals(List.of("GET /a\n", "POST /b\nhello", "", "POST /d\nabc"),
                    read.responses().stream().map(ResponseReader.Response::body).toList());
        }
    }

    @Test
    void answersAMalformedRequestAndClosesWithoutAnswerOnATruncatedOne() {
        ServerTranscript malformed = run("GET /a HTTP/1.1\r\nHo st: x\r\n\r\n", Ending.STAYS_OPEN);
        ResponseReader.Responses read = ResponseReader.read(malformed.output(), List.of());
        assertEquals(List.of(), PipelineOracle.problems(malformed, read));
        assertEquals(400, read.responses().get(0).status());

        ServerTranscript truncated = run("GET /a HTTP/1.1\r\nHo", Ending.CLIENT_SHUTS_OUTPUT);
        assertEquals(ParseError.TRUNCATED_MESSAGE, truncated.failure());
        assertEquals(List.of(), PipelineOracle.problems(truncated, ResponseReader.read(truncated.output(), List.of())));
        assertEquals(0, truncated.output().length);
    }

    @Test
    void failsOutputThatIsNotHttp() {
        assertProblem("not well-formed", List.of(GET_A), "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n");
    }

    @Test
    void failsAMissingResponse() {
        assertProblem("1 final responses for 2 completed requests", List.of(GET_A, GET_B), ECHO_A);
    }

    @Test
    void failsResponsesOutOfOrder() {
        assertProblem("does not carry the echo", List.of(GET_A, GET_B), ECHO_B + ECHO_A);
    }

    @Test
    void failsAResponseThatAnswersNoRequest() {
        assertProblem("answers no request", List.of(GET_A), ECHO_A + ECHO_B);
    }

    @Test
    void failsAResponseAfterTheOneThatClosed() {
        assertProblem("follows the response that ended the connection", List.of(GET_A, GET_B),
                ECHO_A.replace("OK\r\n", "OK\r\nConnection: close\r\n") + ECHO_B);
    }

    @Test
    void failsConflictingFraming() {
        assertProblem("not well-formed", List.of(GET_A),
                "HTTP/1.1 200 OK\r\nContent-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n7\r\nGET /a\n\r\n0\r\n\r\n");
    }

    @Test
    void failsABodyDelimitedByTheCloseOnAKeptAliveConnection() {
        assertProblem("delimited by the close", List.of(GET_A), "HTTP/1.1 200 OK\r\n\r\nGET /a\n");
    }

    @Test
    void failsABodyOnAnswerToHead() {
        // Netty reads no body for the HEAD answer, so the body is taken for the next response and fails to parse.
        assertProblem("not well-formed", List.of(complete("HEAD", "/a", "")), ECHO_A);
    }

    @Test
    void failsAnErrorAnswerThatNothingExplains() {
        assertProblem("neither the decoder's failure", List.of(GET_A),
                "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 11\r\n\r\nBad Request");
    }

    @Test
    void failsADecoderFailureThatIsNeitherAnsweredNorClosed() {
        ServerTranscript server = new ServerTranscript(List.of(GET_A), ParseError.BAD_REQUEST_LINE, true,
                bytes(ECHO_A), false, List.of());
        List<String> problems = PipelineOracle.problems(server, ResponseReader.read(server.output(), List.of("GET")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("not answered")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("did not close")), problems.toString());
    }

    @Test
    void failsAnInterimResponseThatNoRequestAskedFor() {
        assertProblem("interim response that no request asked for", List.of(GET_A),
                "HTTP/1.1 100 Continue\r\n\r\n" + ECHO_A);
    }

    @Test
    void failsTheServersOwnProblemsAndShowsTheInput() {
        ServerTranscript server = new ServerTranscript(List.of(GET_A), null, false, bytes(ECHO_A), false,
                List.of("12 bytes of the channel's allocator are still allocated after it finished"));
        PipelineInput input = new PipelineInput(new FuzzInput(bytes("GET /a"), List.of(), false, 1), 0, 1,
                Ending.STAYS_OPEN);
        AssertionError error = assertThrows(AssertionError.class, () -> PipelineOracle.check(input, server,
                ResponseReader.read(server.output(), List.of("GET"))));
        assertTrue(error.getMessage().contains("still allocated"), error.getMessage());
        assertTrue(error.getMessage().contains("input: 6 bytes"), error.getMessage());
    }

    private static ServerTranscript run(String bytes, Ending ending) {
        return PipelineReplayer.run(new PipelineInput(new FuzzInput(bytes(bytes), List.of(), false, 1), 0,
                PipelineInput.MAX_FRAGMENTS_BEFORE_ENDING, ending));
    }

    private static void assertProblem(String expected, List<Request> requests, String output) {
        ServerTranscript server = new ServerTranscript(requests, null, false, bytes(output), false, List.of());
        List<String> problems = PipelineOracle.problems(server,
                ResponseReader.read(server.output(), requests.stream().map(Request::method).toList()));
        assertTrue(problems.stream().anyMatch(problem -> problem.contains(expected)),
                "expected a problem containing \"" + expected + "\", got " + problems);
    }

    private static Request complete(String method, String target, String body) {
        return new Request(method, target, "HTTP/1.1", Expectation.NONE, body, true);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
