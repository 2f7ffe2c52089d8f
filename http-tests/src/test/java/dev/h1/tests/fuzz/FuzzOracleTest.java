package dev.h1.tests.fuzz;

import dev.h1.codec.ParseError;
import dev.h1.tests.conformance.Outcome;
import dev.h1.tests.conformance.Request;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fuzz test's oracles can fail: each is shown a broken result once. */
class FuzzOracleTest {

    private static final FuzzInput INPUT = new FuzzInput(
            "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), List.of(3), false, 0);
    private static final Request GET = new Request("GET", "/", "1.1", List.of(), List.of(), "", false, false);

    @Test
    void passesEqualOutcomes() {
        Outcome outcome = outcome(List.of(GET), null, "");
        FuzzOracle.check(INPUT, outcome, outcome);
    }

    @Test
    void failsOutcomesThatDifferBetweenFeeds() {
        AssertionError error = assertThrows(AssertionError.class, () -> FuzzOracle.check(INPUT,
                outcome(List.of(GET), null, ""), outcome(List.of(), ParseError.BAD_REQUEST_LINE, "")));
        assertTrue(error.getMessage().contains("different results"), error.getMessage());
    }

    @Test
    void failsAContractViolation() {
        Outcome broken = new Outcome(List.of(), null, null, null, "", List.of("empty BodyChunk"));
        AssertionError error = assertThrows(AssertionError.class, () -> FuzzOracle.check(INPUT, broken, broken));
        assertTrue(error.getMessage().contains("empty BodyChunk"), error.getMessage());
    }

    @Test
    void failsPassThroughBytesThatAreNotTheEndOfTheInput() {
        Outcome outcome = outcome(List.of(GET), null, "GET");
        assertThrows(AssertionError.class, () -> FuzzOracle.check(INPUT, outcome, outcome));
    }

    @Test
    void failsTheSameRejectionWithAnotherErrorInFragments() {
        // The form of the request-line bug fuzzing found (fixed): 400 fed whole, 414 in fragments.
        Outcome whole = outcome(List.of(), ParseError.BAD_REQUEST_LINE, "");
        assertThrows(AssertionError.class,
                () -> FuzzOracle.check(INPUT, whole, outcome(List.of(), ParseError.URI_TOO_LONG, "")));
        FuzzOracle.check(INPUT, whole, outcome(List.of(), ParseError.BAD_REQUEST_LINE, ""));
    }

    @Test
    void failsATaskThatDoesNotFinishInTime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TimeBound bound = new TimeBound(Duration.ofMillis(100));
        try {
            AssertionError hang = assertThrows(AssertionError.class, () -> bound.call(() -> {
                release.await();
                return null;
            }));
            assertTrue(hang.getMessage().contains("a hang"), hang.getMessage());
        } finally {
            release.countDown();
        }
        assertEquals("done", bound.call(() -> "done"), "a new worker after the hang");
    }

    private static Outcome outcome(List<Request> completed, ParseError failure, String passThrough) {
        return new Outcome(completed, null, failure, null, passThrough, List.of());
    }
}
