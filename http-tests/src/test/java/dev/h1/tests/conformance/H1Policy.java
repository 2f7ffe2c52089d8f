package dev.h1.tests.conformance;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What h1 must make of each corpus case. By default h1 agrees with llhttp's strict verdict, and rejects every
 * lenient-only case. {@link #DECISIONS} lists every case where h1 decides differently, with the reason. It is the
 * one source of these decisions: each entry needs a row in {@code docs/CONFORMANCE.md}, and a test makes sure it has
 * one.
 */
public final class H1Policy {

    /** At most this many cases may be skipped, each with its reason printed (issue 2). */
    static final int MAX_SKIPS = 3;

    /**
     * A deliberate h1 verdict for one corpus case, asserted instead of llhttp's.
     *
     * @param verdict h1's verdict for the whole input of the case
     * @param reason  why, citing the rule
     */
    record Decision(String id, Function<CorpusCase, Verdict> verdict, String reason) {
    }

    /** One input to replay and what h1 must make of it. */
    public record Check(String name, byte[] input, Verdict verdict) {
    }

    private static final String DATA_AFTER_CLOSE = "RFC 9112 §9.6: after a request that closes the connection"
            + " (Connection: close, or HTTP/1.0 without keep-alive) the server SHOULD NOT process further requests;"
            + " h1 completes that request and then silently discards every further byte, where llhttp reports"
            + " HPE_CLOSED_CONNECTION";
    private static final String ANY_TOKEN_METHOD = "RFC 9110 §9.1: any token is a method; llhttp knows only a"
            + " fixed list, h1 accepts it and leaves 501 to the server";
    private static final String HTTP_ONLY = "h1 speaks only HTTP: RTSP/1.0 and ICE/1.0 are not HTTP-version"
            + " (RFC 9112 §2.3), so the request line is a 400";
    private static final String NOT_OPTIONS_ASTERISK = "RFC 9112 §3.2.4: asterisk-form is only for OPTIONS";
    private static final String TARGET_CHARS = "RFC 9112 §3.2 / RFC 3986: the character is not allowed in a"
            + " request-target; llhttp accepts it for compatibility, h1 answers 400";
    private static final String TE_FRAGMENT = "rejected with 400 at the request-target already: it carries the"
            + " fragment '#hey' (RFC 9112 §3.2); without it, the transfer coding 'deflate' would be answered 501,"
            + " because h1 decodes only chunked (RFC 9112 §6.1)";
    private static final String VERSION_505 = "HTTP/5.6 is a syntactically valid version with an unsupported major"
            + " version: 505 (RFC 9110 §15.6.6), decided as soon as the version's bytes arrive";

    static final Map<String, Decision> DECISIONS = table(
            discardAfterClose("connection/crlf-between-requests-explicit-close"),
            discardAfterClose("connection/crlf-between-requests-explicit-close-followed-by-tab"),
            discardAfterClose("connection/crlf-between-requests-explicit-close-lenient"),
            discardAfterClose("connection/no-restart-when-keep-alive-is-off-1-0"),
            discardAfterClose("connection/resetting-flags-when-keep-alive-is-off-1-0-lenient"),
            new Decision("invalid/invalid-method",
                    c -> Verdict.accept(List.of(Request.of("MKCOLA", "/", "1.1"))), ANY_TOKEN_METHOD),
            new Decision("invalid/http-protocol-and-announce-method",
                    c -> Verdict.accept(List.of(Request.of("ANNOUNCE", "/music/sweet/music", "1.0",
                            new Field("Host", "example.com")))),
                    ANY_TOKEN_METHOD + "; ANNOUNCE is a token, and HTTP/1.0 is HTTP"),
            rejectFirst("method/source-request-with-ice", HTTP_ONLY),
            rejectFirst("method/options-request-with-rtsp", HTTP_ONLY),
            rejectFirst("method/announce-request-with-rtsp", HTTP_ONLY),
            rejectFirst("sample/no-http-version", "RFC 9112 §3: the request line needs an HTTP-version; h1 does"
                    + " not speak HTTP/0.9 (a version-less request line), llhttp takes it as 0.9"),
            rejectFirst("uri/fragment-in-uri", "RFC 9112 §3.2: '#' and a fragment are not part of any"
                    + " request-target form (the client strips the fragment); llhttp accepts it"),
            rejectFirst("transfer-encoding/post-with-chunked-as-last-transfer-encoding", TE_FRAGMENT),
            rejectFirst("transfer-encoding/post-with-chunked-as-last-transfer-encoding-multiple-headers", TE_FRAGMENT),
            rejectFirst("method/m-search-request", NOT_OPTIONS_ASTERISK + "; 'M-SEARCH *' is SSDP, not HTTP"),
            rejectFirst("method/pri-request-http2", NOT_OPTIONS_ASTERISK + "; 'PRI *' is the HTTP/2 connection"
                    + " preface, and h1 does not speak HTTP/2 (llhttp pauses with HPE_PAUSED_H2_UPGRADE, so the"
                    + " corpus marks the case skip; h1 asserts its rejection)"),
            rejectFirst("uri/host-port-and-basic-auth", "RFC 9110 §4.2.4: userinfo in an http(s) URI is to be"
                    + " treated as an error; llhttp accepts it"),
            rejectFirst("uri/quotes-in-uri", TARGET_CHARS + " ('\"' and '\\')"),
            rejectFirst("uri/query-url-with-vertical-bar-character", TARGET_CHARS + " ('|')"),
            new Decision("invalid/invalid-http-version", c -> Verdict.reject(List.of(), 505),
                    VERSION_505 + "; the input has no line end, so the version must be checked before it;"
                            + " llhttp rejects too, h1 asserts its own status"),
            new Decision("lenient-version/invalid-http-version-lenient", c -> Verdict.reject(List.of(), 505),
                    VERSION_505 + "; llhttp's strict mode rejects too, h1 asserts its own status"));

    private H1Policy() {
    }

    /** The inputs to replay for {@code corpusCase} and h1's verdict on each; empty for a skipped case. */
    public static List<Check> checksFor(CorpusCase corpusCase) {
        Decision decision = DECISIONS.get(corpusCase.id());
        if (decision != null) {
            return List.of(new Check("whole input (h1 decision)", corpusCase.input(),
                    decision.verdict().apply(corpusCase)));
        }
        if (skipReason(corpusCase).isPresent()) {
            return List.of();
        }
        if (!corpusCase.isLenient() && corpusCase.endsInUpgrade() && "accept".equals(corpusCase.expect())) {
            // llhttp stops at upgrade_offset: up to there the verdict is llhttp's; after it, h1 (UpgradePolicy
            // PASS_THROUGH, or any CONNECT) passes every byte on untouched.
            int offset = corpusCase.upgradeOffset();
            byte[] input = corpusCase.input();
            return List.of(
                    new Check("input up to upgrade_offset " + offset, Arrays.copyOf(input, offset),
                            Verdict.tunnel(corpusCase.messages(), "")),
                    new Check("whole input", input, Verdict.tunnel(corpusCase.messages(),
                            new String(input, offset, input.length - offset, StandardCharsets.ISO_8859_1))));
        }
        return List.of(new Check("whole input", corpusCase.input(), llhttpStrictVerdict(corpusCase)));
    }

    /** Why {@code corpusCase} is not replayed, if it is not. */
    public static Optional<String> skipReason(CorpusCase corpusCase) {
        if ("skip".equals(corpusCase.expect()) && !DECISIONS.containsKey(corpusCase.id())) {
            return Optional.of("llhttp gives no single verdict (" + corpusCase.notes() + ")");
        }
        return Optional.empty();
    }

    /** h1's verdict on the whole input of {@code corpusCase}, as docs/CONFORMANCE.md names it. */
    static Verdict verdictFor(CorpusCase corpusCase) {
        List<Check> checks = checksFor(corpusCase);
        return checks.get(checks.size() - 1).verdict();
    }

    /** llhttp's strict verdict; for a lenient case, the rejection that llhttp's strict mode gives. */
    private static Verdict llhttpStrictVerdict(CorpusCase corpusCase) {
        List<Request> messages = corpusCase.messages();
        if (corpusCase.isLenient()) {
            Integer before = corpusCase.strictMessagesBeforeError();
            return Verdict.reject(before == null ? null : messages.subList(0, before));
        }
        return switch (corpusCase.expect()) {
            case "reject" -> Verdict.reject(messages);
            case "accept" -> {
                if (!corpusCase.incomplete() && "ok".equals(corpusCase.eofAtEnd())) {
                    yield Verdict.accept(messages);
                }
                if (corpusCase.incomplete() && "error".equals(corpusCase.eofAtEnd())) {
                    yield Verdict.incomplete(messages, corpusCase.partial());
                }
                throw new IllegalStateException(corpusCase.id() + ": accept with incomplete="
                        + corpusCase.incomplete() + " and eof_at_end=" + corpusCase.eofAtEnd() + " is not handled");
            }
            default -> throw new IllegalStateException(corpusCase.id() + ": expect " + corpusCase.expect());
        };
    }

    private static Decision discardAfterClose(String id) {
        return new Decision(id, c -> Verdict.discardAfterClose(c.messages()), DATA_AFTER_CLOSE);
    }

    /** h1 rejects the first request already (nothing completes before the failure). */
    private static Decision rejectFirst(String id, String reason) {
        return new Decision(id, c -> Verdict.reject(List.of()), reason);
    }

    private static Map<String, Decision> table(Decision... decisions) {
        Map<String, Decision> table = new LinkedHashMap<>();
        for (Decision decision : decisions) {
            if (table.put(decision.id(), decision) != null) {
                throw new IllegalStateException("decided twice: " + decision.id());
            }
        }
        return Collections.unmodifiableMap(table);
    }
}
