package dev.h1.tests.wire;

import dev.h1.server.HttpServer;
import dev.h1.tests.e2e.Observations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The vendored llhttp corpus replayed against the runnable server in {@code --echo} mode over real loopback sockets:
 * every check of every case ({@code H1Policy.checksFor}, the decoder replay's single source of h1's decisions) is sent
 * on a fresh connection, once in one write and once one byte per write, and what comes back until the server closes
 * must be what {@link ServerVerdict} derives: the JSON echo of each completed request in order, then nothing, or a
 * 4xx/5xx with {@code Connection: close}; and the server must close.
 */
@ExtendWith(Observations.class)
class LlhttpWireReplayTest {

    private static final List<WireCase> CASES = CorpusAccess.cases();
    /** Replays per verdict description, for the summary. */
    private static final Map<String, AtomicInteger> BY_RULE = new ConcurrentHashMap<>();
    private static final AtomicInteger REPLAYS = new AtomicInteger();
    private static final AtomicInteger FAILED_CASES = new AtomicInteger();
    private static final AtomicInteger PASSED_CASES = new AtomicInteger();
    private static final AtomicInteger SKIPPED_CASES = new AtomicInteger();

    private static HttpServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() {
        server = EchoServer.start();
        address = server.address();
    }

    @AfterAll
    static void stop() {
        server.close();
        publishSummary();
    }

    @TestFactory
    Stream<DynamicTest> answersEveryCaseOverTheWireWholeAndByteByByte() {
        return CASES.stream().map(wireCase -> dynamicTest(wireCase.id(), () -> replay(wireCase)));
    }

    private static void replay(WireCase wireCase) throws Exception {
        if (wireCase.skip().isPresent()) {
            SKIPPED_CASES.incrementAndGet();
            Assumptions.abort(wireCase.skip().get());
        }
        try {
            for (WireCheck check : wireCase.checks()) {
                ServerVerdict verdict = ServerVerdict.of(wireCase, check);
                for (WireReplayer.Feed feed : WireReplayer.Feed.values()) {
                    Transcript transcript = WireReplayer.replay(address, check.input(), feed,
                            verdict.ending().clientHalfCloses);
                    REPLAYS.incrementAndGet();
                    List<String> mismatches = verdict.mismatches(transcript);
                    if (!mismatches.isEmpty()) {
                        fail(report(wireCase, check, verdict, feed, transcript, mismatches));
                    }
                }
                BY_RULE.computeIfAbsent(verdict.rule(), rule -> new AtomicInteger()).incrementAndGet();
            }
            PASSED_CASES.incrementAndGet();
        } catch (Throwable failure) {
            FAILED_CASES.incrementAndGet();
            throw failure;
        }
    }

    private static String report(WireCase wireCase, WireCheck check, ServerVerdict verdict, WireReplayer.Feed feed,
                                 Transcript transcript, List<String> mismatches) {
        return wireCase.id() + " (" + check.name() + ", " + check.input().length + " bytes, fed " + feed + ")\n"
                + "input: " + Transcript.printable(new String(check.input(), StandardCharsets.ISO_8859_1)) + "\n"
                + "llhttp (" + wireCase.mode() + "): " + wireCase.expect() + "; decoder verdict: " + check.kind()
                + (check.status() == null ? "" : " " + check.status()) + "; server must answer: "
                + verdict.describe() + "\n"
                + "server sent: " + Transcript.printable(new String(transcript.received(), StandardCharsets.ISO_8859_1))
                + "\nthen: " + transcript.end() + (transcript.writeFailure() == null ? ""
                : "; sending stopped: " + transcript.writeFailure()) + "\n"
                + "differences:\n  " + String.join("\n  ", mismatches);
    }

    /** The replay reaches the server through the same checks as the decoder replay: none are lost on the way. */
    @Test
    void replaysEveryCaseOfTheCorpus() {
        assertEquals(152, CASES.size(), "cases in the vendored corpus");
        assertEquals(0, CASES.stream().filter(wireCase -> wireCase.skip().isEmpty() && wireCase.checks().isEmpty())
                .count(), "every case that is not skipped has a check");
    }

    private static void publishSummary() {
        int checks = BY_RULE.values().stream().mapToInt(AtomicInteger::get).sum();
        Observations.wireSummary("The " + CASES.size() + " cases of the vendored llhttp corpus against"
                + " `h1-server --echo` over loopback: " + checks + " inputs, each sent whole and one byte per write ("
                + REPLAYS.get() + " connections); " + PASSED_CASES.get() + " cases as expected, " + FAILED_CASES.get()
                + " not, " + SKIPPED_CASES.get() + " skipped.");
        Observations.wireSummary("");
        Observations.wireSummary("| what the server must answer | inputs |");
        Observations.wireSummary("|---|---|");
        new TreeMap<>(BY_RULE).forEach((rule, count) -> Observations.wireSummary("| " + rule + " | " + count.get()
                + " |"));
    }
}
