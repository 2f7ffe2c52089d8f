package dev.h1.tests.fuzz;

import dev.h1.codec.ParseError;
import dev.h1.tests.conformance.Outcome;

import java.util.EnumSet;
import java.util.Set;

/**
 * Decoder bugs that fuzzing found and that are still open, each with its {@code @Disabled} regression test in
 * {@link DecoderBugRegressionTest}. {@link FuzzOracle} lets exactly these differences pass, so that a long fuzzing run
 * goes on to find other bugs instead of stopping at the first known one. Remove a constant when its bug is fixed and
 * its regression test is enabled.
 */
enum KnownDecoderBug {

    /**
     * {@link DecoderBugRegressionTest#answersARequestLineWithoutVersionAlikeInEveryFragmentation()} and
     * {@link DecoderBugRegressionTest#namesTheSameRequestLineErrorInEveryFragmentation()}: when a read ends inside
     * the request line, the decoder checks whether the rest of a minimal request line could still fit its budget,
     * and fails with 414 or {@code BAD_REQUEST_LINE} at once; fed whole, it reaches the byte that fails the line
     * first. Both are rejections of the same request, but the error, and for 414 the status, depend on the
     * fragmentation.
     */
    REQUEST_LINE_ERROR_DEPENDS_ON_FRAGMENTATION {
        @Override
        boolean explains(Outcome whole, Outcome fragmented) {
            // Both fail while the input is fed: the budget check only ever fails earlier, never turns EOF into 414.
            ParseError a = whole.failure();
            ParseError b = fragmented.failure();
            return a != b && REQUEST_LINE_ERRORS.contains(a) && REQUEST_LINE_ERRORS.contains(b)
                    && whole.completed().equals(fragmented.completed())
                    && whole.unfinished() == null && fragmented.unfinished() == null
                    && whole.passThrough().isEmpty() && fragmented.passThrough().isEmpty();
        }
    };

    private static final Set<ParseError> REQUEST_LINE_ERRORS = EnumSet.of(ParseError.URI_TOO_LONG,
            ParseError.BAD_REQUEST_LINE, ParseError.BAD_METHOD, ParseError.BAD_TARGET, ParseError.BAD_VERSION,
            ParseError.VERSION_NOT_SUPPORTED, ParseError.BAD_LINE_ENDING);

    /** Whether this bug, and nothing else, makes the two outcomes of one input differ. */
    abstract boolean explains(Outcome whole, Outcome fragmented);

    /** The open bug that explains the difference, or null. */
    static KnownDecoderBug explaining(Outcome whole, Outcome fragmented) {
        for (KnownDecoderBug bug : values()) {
            if (bug.explains(whole, fragmented)) {
                return bug;
            }
        }
        return null;
    }
}
