package dev.h1.tests.wire;

import dev.h1.tests.conformance.CorpusCase;
import dev.h1.tests.conformance.Field;
import dev.h1.tests.conformance.H1Policy;
import dev.h1.tests.conformance.LlhttpCorpus;
import dev.h1.tests.conformance.Request;
import dev.h1.tests.conformance.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * The llhttp corpus and h1's decisions on it, as the decoder replay ({@code dev.h1.tests.conformance}) reads them:
 * {@link LlhttpCorpus#cases()}, {@link H1Policy#checksFor} and {@link H1Policy#skipReason}, converted into this
 * package's {@link WireCase}. The wire replay judges every case by that same single source of decisions rather than
 * a copy of them.
 */
final class CorpusAccess {

    private CorpusAccess() {
    }

    /** Every case of the corpus, in its order, with h1's checks. */
    static List<WireCase> cases() {
        List<WireCase> wireCases = new ArrayList<>();
        for (CorpusCase corpusCase : LlhttpCorpus.cases()) {
            List<WireCheck> checks = new ArrayList<>();
            for (H1Policy.Check check : H1Policy.checksFor(corpusCase)) {
                checks.add(toCheck(check));
            }
            wireCases.add(new WireCase(corpusCase.id(), corpusCase.mode(), corpusCase.expect(), corpusCase.notes(),
                    toMessages(corpusCase.messages()), List.copyOf(checks), H1Policy.skipReason(corpusCase)));
        }
        return List.copyOf(wireCases);
    }

    private static WireCheck toCheck(H1Policy.Check check) {
        Verdict verdict = check.verdict();
        return new WireCheck(check.name(), check.input(), WireCheck.Kind.valueOf(verdict.kind().name()),
                verdict.completed() == null ? null : toMessages(verdict.completed()), verdict.status(),
                verdict.partial() == null ? null : toPartial(verdict.partial()), verdict.passThrough());
    }

    private static List<WireCheck.Message> toMessages(List<Request> requests) {
        List<WireCheck.Message> messages = new ArrayList<>();
        for (Request request : requests) {
            messages.add(new WireCheck.Message(request.method(), request.target(), request.version(),
                    toFields(request.headers()), request.body()));
        }
        return List.copyOf(messages);
    }

    private static WireCheck.Partial toPartial(CorpusCase.Partial partial) {
        boolean headersComplete = partial.headersComplete();
        return new WireCheck.Partial(partial.method(), partial.target(), headersComplete,
                headersComplete ? toFields(partial.headers()) : List.of());
    }

    private static List<WireCheck.Field> toFields(List<Field> fields) {
        List<WireCheck.Field> converted = new ArrayList<>();
        for (Field field : fields) {
            converted.add(new WireCheck.Field(field.name(), field.value()));
        }
        return List.copyOf(converted);
    }
}
