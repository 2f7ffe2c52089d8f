package dev.h1.tests.conformance;

import dev.h1.codec.ParseError;

import java.util.ArrayList;
import java.util.List;

/**
 * What h1 must make of one input, fed in any pieces and followed by EOF: the requests it completes and how the
 * connection ends.
 *
 * @param kind        how the input ends
 * @param completed   the requests that must complete, in order; null when llhttp gives no evidence of the count
 *                    (some lenient cases): then any number may complete before the rejection
 * @param status      ({@link Kind#REJECT}) the status the failure must carry, or null for any
 * @param partial     ({@link Kind#INCOMPLETE}) what the unfinished request must look like so far, or null
 * @param passThrough the bytes that must be passed through after an upgrade or CONNECT request (ISO-8859-1)
 */
public record Verdict(Kind kind, List<Request> completed, Integer status, CorpusCase.Partial partial,
                      String passThrough) {

    public enum Kind {
        /** Completes {@code completed}; no failure, not even at EOF; no request left unfinished. */
        ACCEPT("accept"),
        /** Completes {@code completed}, then waits inside a further request; EOF is a truncated message. */
        INCOMPLETE("accept, incomplete"),
        /** Completes {@code completed}, the last an upgrade or CONNECT; every later byte passes through untouched. */
        TUNNEL("accept, then pass-through"),
        /** Completes {@code completed}, then emits one DecodeFailure before EOF, and nothing after it. */
        REJECT("reject"),
        /**
         * Completes {@code completed}, the last of which closes the connection; every later byte is dropped without a
         * message or failure, at EOF too (RFC 9112 §9.6).
         */
        DISCARD_AFTER_CLOSE("complete, then discard");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    static Verdict accept(List<Request> completed) {
        return new Verdict(Kind.ACCEPT, completed, null, null, "");
    }

    static Verdict incomplete(List<Request> completed, CorpusCase.Partial partial) {
        return new Verdict(Kind.INCOMPLETE, completed, null, partial, "");
    }

    static Verdict tunnel(List<Request> completed, String passThrough) {
        return new Verdict(Kind.TUNNEL, completed, null, null, passThrough);
    }

    static Verdict reject(List<Request> completedBefore) {
        return new Verdict(Kind.REJECT, completedBefore, null, null, "");
    }

    static Verdict reject(List<Request> completedBefore, int status) {
        return new Verdict(Kind.REJECT, completedBefore, status, null, "");
    }

    static Verdict discardAfterClose(List<Request> completed) {
        return new Verdict(Kind.DISCARD_AFTER_CLOSE, completed, null, null, "");
    }

    /** How docs/CONFORMANCE.md names this verdict in its "h1" column, e.g. {@code reject (505)}. */
    String label() {
        return kind.label + (status == null ? "" : " (" + status + ")");
    }

    /** Every way {@code outcome} differs from this verdict; empty when it matches. */
    List<String> mismatches(Outcome outcome) {
        List<String> mismatches = new ArrayList<>(outcome.violations());
        if (completed != null && !completed.equals(outcome.completed())) {
            mismatches.add("completed requests differ; expected " + completed.size() + ":" + numbered(completed));
        }
        switch (kind) {
            case ACCEPT, TUNNEL, DISCARD_AFTER_CLOSE -> {
                expectNoFailure(outcome, mismatches);
                expectNoFailureAtEof(outcome, mismatches);
                if (outcome.unfinished() != null) {
                    mismatches.add("a request was left unfinished; expected none");
                }
            }
            case INCOMPLETE -> {
                expectNoFailure(outcome, mismatches);
                if (outcome.failureAtEof() != ParseError.TRUNCATED_MESSAGE) {
                    mismatches.add("EOF inside a request must fail with TRUNCATED_MESSAGE; got "
                            + outcome.failureAtEof());
                }
                checkUnfinished(outcome.unfinished(), mismatches);
            }
            case REJECT -> {
                if (outcome.failure() == null) {
                    mismatches.add("no DecodeFailure before EOF; expected a rejection");
                } else if (status != null && outcome.failure().status() != status) {
                    mismatches.add("rejected with " + outcome.failure().status() + "; expected " + status);
                }
                expectNoFailureAtEof(outcome, mismatches);
            }
        }
        if (!passThrough.equals(outcome.passThrough())) {
            mismatches.add("pass-through bytes differ; expected " + Printable.of(passThrough));
        }
        return mismatches;
    }

    private static void expectNoFailure(Outcome outcome, List<String> mismatches) {
        if (outcome.failure() != null) {
            mismatches.add("rejected with " + outcome.failure() + "; expected no failure");
        }
    }

    private static void expectNoFailureAtEof(Outcome outcome, List<String> mismatches) {
        if (outcome.failureAtEof() != null) {
            mismatches.add("EOF failed with " + outcome.failureAtEof() + "; expected nothing at EOF");
        }
    }

    /** A streaming decoder emits the head once the header section is complete, and body bytes as they arrive. */
    private void checkUnfinished(Request unfinished, List<String> mismatches) {
        if (partial == null) {
            return;
        }
        if (!partial.headersComplete()) {
            if (unfinished != null) {
                mismatches.add("the unfinished request's header section is incomplete, yet its head was emitted");
            }
            return;
        }
        if (unfinished == null) {
            mismatches.add("the unfinished request's header section is complete, yet no head was emitted");
            return;
        }
        if (!unfinished.method().equals(partial.method()) || !unfinished.target().equals(partial.target())
                || !unfinished.headers().equals(partial.headers())) {
            mismatches.add("unfinished request head differs; expected " + partial.method() + ' ' + partial.target()
                    + ' ' + partial.headers());
        }
        if (!partial.bodySoFar().startsWith(unfinished.body())) {
            mismatches.add("unfinished request's body is not a prefix of " + Printable.of(partial.bodySoFar()));
        }
    }

    private static String numbered(List<Request> requests) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < requests.size(); i++) {
            text.append("\n  #").append(i + 1).append(": ").append(requests.get(i));
        }
        return text.toString();
    }
}
