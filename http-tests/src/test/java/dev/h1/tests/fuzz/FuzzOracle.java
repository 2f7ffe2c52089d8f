package dev.h1.tests.fuzz;

import dev.h1.tests.conformance.Outcome;
import dev.h1.tests.conformance.Printable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What must hold for any input, whatever its bytes: the decoder keeps its message contract and decodes the input
 * alike whole and in fragments.
 *
 * <p>The contract, checked while {@link dev.h1.tests.conformance.Replayer} records: per request a
 * {@code RequestHead}, non-empty {@code BodyChunk}s, then {@code EndOfBody}; plain {@code ByteBuf}s only after an
 * upgrade or CONNECT request; at most one {@code DecodeFailure} (during the input or at EOF) and nothing after it; no
 * exception; every buffer released once the channel is finished. Added here: pass-through bytes are exactly the end
 * of the input, untouched.
 */
final class FuzzOracle {

    private FuzzOracle() {
    }

    /** Throws an {@link AssertionError} that shows the input, both feeds and both outcomes when anything fails. */
    static void check(FuzzInput input, Outcome whole, Outcome fragmented) {
        List<String> problems = new ArrayList<>();
        whole.violations().forEach(violation -> problems.add("fed whole: " + violation));
        fragmented.violations().forEach(violation -> problems.add("fed in fragments: " + violation));
        if (!whole.equals(fragmented)) {
            problems.add("fed whole and fed in fragments, the decoder gave different results");
        }
        String text = new String(input.bytes(), StandardCharsets.ISO_8859_1);
        if (!text.endsWith(whole.passThrough())) {
            problems.add("the pass-through bytes are not the end of the input: " + Printable.of(whole.passThrough()));
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems) + "\ninput: " + input
                    + "\nfed whole:" + whole + "fed in fragments:" + fragmented);
        }
    }
}
