package dev.h1.tests.conformance;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.Leniency;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Replays the llhttp request corpus ({@code src/test/resources/llhttp/}) through {@code RequestDecoder}: every case,
 * fed whole, split in two at every offset, byte by byte and in seeded random pieces, must decode the same way every
 * time and as {@link H1Policy} says (llhttp's strict verdict unless h1 decided otherwise, see
 * {@code docs/CONFORMANCE.md}).
 */
class LlhttpConformanceTest {

    /** Strict, except for the one rule llhttp leaves to the server: Host on HTTP/1.1 requests (issue 2). */
    private static final DecoderConfig CONFIG = DecoderConfig.builder().allow(Leniency.MISSING_HOST).build();
    private static final List<CorpusCase> CASES = LlhttpCorpus.cases();
    private static final Path CONFORMANCE_DOC = Path.of("..", "docs", "CONFORMANCE.md");

    private final Replayer replayer = new Replayer(CONFIG);

    @TestFactory
    Stream<DynamicTest> decodesEveryCaseAsH1DecidesInEveryFeed() {
        return CASES.stream().map(corpusCase -> dynamicTest(corpusCase.id(), () -> replay(corpusCase)));
    }

    private void replay(CorpusCase corpusCase) {
        Optional<String> skip = H1Policy.skipReason(corpusCase);
        if (skip.isPresent()) {
            System.out.println("SKIPPED " + corpusCase.id() + ": " + skip.get());
            Assumptions.abort(skip.get());
        }
        for (H1Policy.Check check : H1Policy.checksFor(corpusCase)) {
            List<Feed> feeds = Feed.all(check.input(), corpusCase.id());
            Outcome whole = replayer.run(feeds.get(0));
            List<String> mismatches = check.verdict().mismatches(whole);
            if (!mismatches.isEmpty()) {
                fail(header(corpusCase, check) + "fed WHOLE, the decoder gave:" + whole + "which differs: "
                        + String.join("; ", mismatches));
            }
            for (Feed feed : feeds.subList(1, feeds.size())) {
                Outcome outcome = replayer.run(feed);
                if (!outcome.equals(whole)) {
                    fail(header(corpusCase, check) + "fed as " + feed + ", the decoder gave:" + outcome
                            + "but fed WHOLE it gave:" + whole);
                }
            }
        }
    }

    private static String header(CorpusCase corpusCase, H1Policy.Check check) {
        H1Policy.Decision decision = H1Policy.DECISIONS.get(corpusCase.id());
        return corpusCase.id() + " (" + check.name() + ", " + check.input().length + " bytes)\n"
                + "input: " + Printable.of(new String(check.input(), StandardCharsets.ISO_8859_1)) + '\n'
                + "llhttp (" + corpusCase.mode() + "): " + corpusCase.expect() + "; h1 expects: "
                + check.verdict().label()
                + (decision == null ? "" : "\nh1 decision: " + decision.reason())
                + (corpusCase.notes().isEmpty() ? "" : "\nnotes: " + corpusCase.notes()) + '\n';
    }

    @Test
    void skipsAtMostThreeCases() {
        List<String> skipped = CASES.stream()
                .filter(corpusCase -> H1Policy.skipReason(corpusCase).isPresent())
                .map(CorpusCase::id)
                .toList();
        assertTrue(skipped.size() <= H1Policy.MAX_SKIPS, "skipped: " + skipped);
    }

    @Test
    void decidesOnlyCasesOfTheCorpus() {
        Set<String> ids = CASES.stream().map(CorpusCase::id).collect(Collectors.toSet());
        List<String> unknown = H1Policy.DECISIONS.keySet().stream().filter(id -> !ids.contains(id)).toList();
        assertEquals(List.of(), unknown, "decisions for ids that are not in " + LlhttpCorpus.RESOURCE);
    }

    /**
     * docs/CONFORMANCE.md has one row per policy-tagged case and per h1 decision, and its "h1" column is exactly the
     * verdict the replay asserts, so the documentation and the test cannot drift apart.
     */
    @Test
    void documentsEveryPolicyCaseAndDecisionWithTheAssertedVerdict() throws IOException {
        Map<String, String> documented = documentedVerdicts();
        Set<String> ids = CASES.stream().map(CorpusCase::id).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (CorpusCase corpusCase : CASES) {
            if (!corpusCase.isPolicy() && !H1Policy.DECISIONS.containsKey(corpusCase.id())) {
                continue;
            }
            String row = documented.get(corpusCase.id());
            String label = H1Policy.verdictFor(corpusCase).label();
            if (row == null) {
                problems.add(corpusCase.id() + ": no row (h1: " + label + ")");
            } else if (!row.equals(label)) {
                problems.add(corpusCase.id() + ": the h1 column says \"" + row + "\", the test asserts " + label);
            }
        }
        documented.keySet().stream().filter(id -> !ids.contains(id))
                .forEach(id -> problems.add(id + ": documented, but not a corpus case"));
        assertEquals(List.of(), problems, CONFORMANCE_DOC + " is out of step with H1Policy");
    }

    /** Case id → the text of the "h1" column, from the rows {@code | `id` | llhttp | h1 | why |} of the doc. */
    private static Map<String, String> documentedVerdicts() throws IOException {
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(CONFORMANCE_DOC, StandardCharsets.UTF_8)) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String id = cells[1].trim().replace("`", "");
            if (verdicts.put(id, cells[3].trim()) != null) {
                fail(CONFORMANCE_DOC + ": two rows for " + id);
            }
        }
        return verdicts;
    }

    /**
     * Backs the claim of docs/CONFORMANCE.md about transfer codings: with the fragment that makes h1 reject them at the
     * request-target removed, the corpus's {@code deflate, chunked} requests are answered 501, in every feed.
     */
    @Test
    void answersTransferCodingsOtherThanChunkedWith501() {
        for (String id : List.of("transfer-encoding/post-with-chunked-as-last-transfer-encoding",
                "transfer-encoding/post-with-chunked-as-last-transfer-encoding-multiple-headers")) {
            CorpusCase corpusCase = CASES.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
            String text = new String(corpusCase.input(), StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("#hey "), id);
            byte[] input = text.replace("#hey ", " ").getBytes(StandardCharsets.ISO_8859_1);
            Verdict verdict = Verdict.reject(List.of(), 501);
            List<Feed> feeds = Feed.all(input, id);
            Outcome whole = replayer.run(feeds.get(0));
            assertEquals(List.of(), verdict.mismatches(whole), id + " without '#hey', fed WHOLE:" + whole);
            for (Feed feed : feeds) {
                assertEquals(whole, replayer.run(feed), id + " without '#hey', fed as " + feed);
            }
        }
    }
}
