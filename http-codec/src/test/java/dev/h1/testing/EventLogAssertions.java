package dev.h1.testing;

import dev.h1.codec.ParseError;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Assertions on the event logs of {@link DecoderHarness}. A rejection must be the last event and the only failure:
 * after a {@code DecodeFailure} the decoder emits nothing more.
 */
public final class EventLogAssertions {

    private EventLogAssertions() {
    }

    /** The log line of a failure, for example {@code fail 400 BAD_HEADER}. */
    public static String failure(ParseError error) {
        return "fail " + error.status() + ' ' + error;
    }

    /**
     * The log line of a failure reported when the channel closes, for example {@code eof-fail 400 TRUNCATED_MESSAGE}.
     */
    public static String eofFailure(ParseError error) {
        return "eof-" + failure(error);
    }

    /** A request rejected while its head was read: the log is that one failure and nothing else. */
    public static void assertHeadRejected(List<String> log, ParseError error) {
        assertEquals(List.of(failure(error)), log);
    }

    /**
     * A request rejected while its head was read with one of {@code errors}, where the rule it breaks can be named
     * more than one way (a bare CR in a value is both a bad line ending and a bad value).
     */
    public static void assertHeadRejected(List<String> log, ParseError... errors) {
        List<String> allowed = Arrays.stream(errors).map(EventLogAssertions::failure).collect(Collectors.toList());
        assertEquals(1, log.size(), () -> "expected only one of " + allowed + " but got " + log);
        assertTrue(allowed.contains(log.get(0)), () -> "expected one of " + allowed + " but got " + log);
    }

    /** A request rejected while its head was read, with {@code status} (any error kind of that status). */
    public static void assertHeadRejectedWithStatus(List<String> log, int status) {
        assertEquals(1, log.size(), () -> "expected only a failure with status " + status + " but got " + log);
        assertTrue(log.get(0).startsWith("fail " + status + ' '), () -> "expected status " + status + " in " + log);
    }

    /** The log ends with {@code error}, which is its only failure (events may precede it: a head, body bytes). */
    public static void assertEndsWithFailure(List<String> log, ParseError error) {
        assertFalse(log.isEmpty(), "expected a failure, got no events");
        assertEquals(failure(error), log.get(log.size() - 1), () -> "last event of " + log);
        assertOneFailure(log);
    }

    /** The log ends with a failure of {@code status}, which is its only failure. */
    public static void assertEndsWithFailureStatus(List<String> log, int status) {
        assertFalse(log.isEmpty(), "expected a failure, got no events");
        assertTrue(log.get(log.size() - 1).startsWith("fail " + status + ' '),
                () -> "expected a last event with status " + status + " in " + log);
        assertOneFailure(log);
    }

    /** Nothing in the log is a failure. */
    public static void assertNoFailure(List<String> log) {
        for (String line : log) {
            if (line.startsWith("fail ") || line.startsWith("eof-fail ")) {
                fail("unexpected " + line + " in " + log);
            }
        }
    }

    private static void assertOneFailure(List<String> log) {
        long failures = log.stream().filter(line -> line.startsWith("fail ") || line.startsWith("eof-fail ")).count();
        assertEquals(1, failures, () -> "expected exactly one failure in " + log);
    }
}
