package dev.h1.tests.conformance;

import java.util.List;

/**
 * One case of {@code llhttp-requests.json}: the bytes a client sends and llhttp's verdict on them. See
 * {@code shared/conformance/README.md} for every field; only what the replay needs is kept here.
 *
 * @param mode                      {@code "strict"} (llhttp without leniency flags) or {@code "lenient"}
 * @param expect                    llhttp's verdict: {@code "accept"}, {@code "reject"} or {@code "skip"}
 * @param messages                  the requests llhttp completed before its error or the end of the input
 * @param incomplete                the input ends inside a further request (no error: more bytes are awaited)
 * @param eofAtEnd                  what a close right after the input means: {@code "ok"}, {@code "error"},
 *                                  {@code "completes_message"}, or null (after an upgrade, or a reject)
 * @param partial                   what llhttp had parsed of the unfinished request, when {@code incomplete}
 * @param upgradeOffset             where HTTP ends when the last message is an upgrade or CONNECT, else null
 * @param strictMessagesBeforeError (lenient cases) requests a strict parser completes before rejecting, or null
 *                                  when no strict fixture proves it
 */
public record CorpusCase(String id, String mode, String expect, byte[] input, List<Request> messages,
                         boolean incomplete, String eofAtEnd, Partial partial, Integer upgradeOffset,
                         Integer strictMessagesBeforeError, List<String> tags, String notes) {

    boolean isLenient() {
        return "lenient".equals(mode);
    }

    boolean isPolicy() {
        return tags.contains("policy");
    }

    boolean endsInUpgrade() {
        return upgradeOffset != null;
    }

    @Override
    public String toString() {
        return id;
    }

    /**
     * The unfinished request of an incomplete case, as far as llhttp had parsed it.
     *
     * @param headers   null unless {@code headersComplete}
     * @param bodySoFar body bytes received so far, null unless {@code headersComplete}
     */
    public record Partial(String method, String target, boolean headersComplete, List<Field> headers,
                          String bodySoFar) {
    }
}
