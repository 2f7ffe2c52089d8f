package dev.h1.tests.differential;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classification can fail, and the Content-Length policy class does not depend on h1's current policy. */
class DivergenceTest {

    private static final Parse.Message POST = new Parse.Message("POST", "/", "HTTP/1.1", "abc");
    private static final String REPEATED = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n"
            + "\r\nabc";
    private static final Parse NETTY_REJECTS_REPEATED = new Parse(List.of(), Parse.End.REJECTED,
            "IllegalArgumentException: Multiple Content-Length values found: [3, 3]");

    @Test
    void leavesANewKindOfDifferenceUnclassified() {
        Comparison comparison = new Comparison("POST / HTTP/1.1\r\n...",
                new Parse(List.of(POST), Parse.End.ACCEPTED, ""),
                new Parse(List.of(), Parse.End.REJECTED, "IllegalArgumentException: something new"));
        assertNull(Divergence.classify(comparison));
    }

    @Test
    void classifiesARepeatedContentLengthThatOnlyNettyRejects() {
        Comparison comparison = new Comparison(REPEATED, new Parse(List.of(POST), Parse.End.ACCEPTED, ""),
                NETTY_REJECTS_REPEATED);
        assertEquals(Divergence.REPEATED_IDENTICAL_CONTENT_LENGTH, Divergence.classify(comparison));
    }

    @Test
    void readsARepeatedContentLengthAlikeWhenH1RejectsItToo() {
        Comparison comparison = new Comparison(REPEATED,
                new Parse(List.of(), Parse.End.REJECTED, "BAD_CONTENT_LENGTH"), NETTY_REJECTS_REPEATED);
        assertTrue(comparison.agrees());
    }

    @Test
    void leavesDifferingContentLengthsThatOnlyNettyRejectsUnclassified() {
        Comparison comparison = new Comparison(REPEATED, new Parse(List.of(POST), Parse.End.ACCEPTED, ""),
                new Parse(List.of(), Parse.End.REJECTED, "IllegalArgumentException: Multiple Content-Length values"
                        + " found: [3, 4]"));
        assertNull(Divergence.classify(comparison));
    }
}
