package dev.h1.tests.differential;

import dev.h1.codec.DecoderConfig;
import dev.h1.tests.conformance.CorpusCase;
import dev.h1.tests.conformance.Feed;
import dev.h1.tests.conformance.LlhttpCorpus;
import dev.h1.tests.conformance.Outcome;
import dev.h1.tests.conformance.Printable;
import dev.h1.tests.conformance.Replayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Differential test of h1's {@code RequestDecoder} against Netty's {@code HttpRequestDecoder}: generated and mutated
 * requests ({@link Mutator}) go through both, and wherever they read an input differently, the difference must fall
 * into one of the documented {@link Divergence} classes. A new kind of difference fails the test with the seed, the
 * input and both readings.
 *
 * <p>Seeded and bounded: {@value #DEFAULT_CASES} cases from seed {@value #DEFAULT_SEED} by default. Explore more with
 * {@code -Dh1.differential.seed=N -Dh1.differential.cases=M} (see docs/RELIABILITY.md).
 */
class DifferentialTest {

    static final long DEFAULT_SEED = 20_261_205L;
    static final int DEFAULT_CASES = 2_000;

    private static final Path RELIABILITY_DOC = Path.of("..", "docs", "RELIABILITY.md");
    /** A row of the divergence table: {@code | `NAME` | KIND | ...}. */
    private static final Pattern DOC_ROW = Pattern.compile("^\\| `([A-Z0-9_]+)` \\| ([A-Z0-9_]+) \\|");

    /** h1 as a server runs it: the defaults. */
    private static final Replayer H1 = new Replayer(DecoderConfig.defaults());

    @Test
    @Timeout(120)
    void everyDifferenceFromNettyIsADocumentedDivergence() {
        long seed = Long.getLong("h1.differential.seed", DEFAULT_SEED);
        int cases = Integer.getInteger("h1.differential.cases", DEFAULT_CASES);
        List<String> corpus = new ArrayList<>();
        for (CorpusCase corpusCase : LlhttpCorpus.cases()) {
            corpus.add(new String(corpusCase.input(), StandardCharsets.ISO_8859_1));
        }
        Mutator mutator = new Mutator(seed, corpus);
        Map<Divergence, Integer> counts = new EnumMap<>(Divergence.class);
        int agreements = 0;
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            Mutator.Generated generated = mutator.next();
            Comparison comparison = compare(generated.input());
            if (comparison.agrees()) {
                agreements++;
                continue;
            }
            Divergence divergence = Divergence.classify(comparison);
            if (divergence == null) {
                if (unknown.size() < 10) {
                    unknown.add(report(i, generated, comparison));
                }
                continue;
            }
            counts.merge(divergence, 1, Integer::sum);
        }
        String summary = summary(seed, cases, agreements, counts);
        System.out.println(summary);
        if (!unknown.isEmpty()) {
            fail(unknown.size() + (unknown.size() == 10 ? "+" : "") + " difference(s) in no documented class; seed "
                    + seed + " (-Dh1.differential.seed=" + seed + ")\n\n" + String.join("\n\n", unknown) + "\n\n"
                    + summary);
        }
    }

    /**
     * docs/RELIABILITY.md has exactly one row per divergence class, {@code | `NAME` | kind | ...}, so that the
     * documented classes and the classified ones cannot drift apart.
     */
    @Test
    void documentsEveryDivergenceClass() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(RELIABILITY_DOC, StandardCharsets.UTF_8)) {
            Matcher row = DOC_ROW.matcher(line);
            if (row.find() && rows.put(row.group(1), row.group(2).strip()) != null) {
                fail(RELIABILITY_DOC + ": two rows for " + row.group(1));
            }
        }
        List<String> problems = new ArrayList<>();
        for (Divergence divergence : Divergence.values()) {
            String kind = rows.remove(divergence.name());
            if (kind == null) {
                problems.add(divergence.name() + ": no row");
            } else if (!kind.equals(divergence.kind().name())) {
                problems.add(divergence.name() + ": the row says kind " + kind + ", the code " + divergence.kind());
            }
        }
        rows.keySet().forEach(name -> problems.add(name + ": a row, but no such class"));
        assertEquals(List.of(), problems, RELIABILITY_DOC + " is out of step with Divergence");
    }

    static Comparison compare(String input) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        Outcome h1 = H1.run(Feed.whole(bytes));
        if (!h1.violations().isEmpty()) {
            fail("h1 broke its message contract on " + Printable.of(input) + ": " + h1.violations());
        }
        return new Comparison(input, Parse.ofH1(h1), NettyReplayer.run(bytes));
    }

    private static String report(int index, Mutator.Generated generated, Comparison comparison) {
        return "case #" + index + " (" + String.join(", ", generated.mutations()) + ")\n  input: "
                + Printable.of(generated.input()) + "\n  h1:" + comparison.h1() + "\n  Netty:" + comparison.netty();
    }

    private static String summary(long seed, int cases, int agreements, Map<Divergence, Integer> counts) {
        String netty = io.netty.util.Version.identify().get("netty-codec-http").artifactVersion();
        StringBuilder text = new StringBuilder("differential h1 vs Netty " + netty + ": seed " + seed + ", " + cases
                + " cases, " + agreements + " read alike\n");
        counts.forEach((divergence, count) -> text.append(String.format("  %5d  %s%n", count, divergence)));
        return text.toString();
    }
}
