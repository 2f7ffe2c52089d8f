package dev.h1.tests.conformance;

import dev.h1.codec.ParseError;

import java.util.List;

/**
 * What the decoder made of one feed of one input, reduced to what must not depend on how the input was split.
 *
 * @param completed    requests whose {@code EndOfBody} arrived, in order
 * @param unfinished   the request whose head arrived but whose end did not (body so far, no trailers), or null
 * @param failure      the {@code DecodeFailure} emitted while the input was fed, or null
 * @param failureAtEof the {@code DecodeFailure} emitted when the channel closed after the input, or null
 * @param passThrough  the bytes passed through untouched after an upgrade or CONNECT request (ISO-8859-1)
 * @param violations   breaches of the decoder's message contract (order, release, exceptions); must be empty
 */
public record Outcome(List<Request> completed, Request unfinished, ParseError failure, ParseError failureAtEof,
                      String passThrough, List<String> violations) {

    public Outcome {
        completed = List.copyOf(completed);
        violations = List.copyOf(violations);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < completed.size(); i++) {
            text.append("\n  completed #").append(i + 1).append(": ").append(completed.get(i));
        }
        if (completed.isEmpty()) {
            text.append("\n  completed: none");
        }
        if (unfinished != null) {
            text.append("\n  unfinished: ").append(unfinished);
        }
        if (failure != null) {
            text.append("\n  failure: ").append(failure.status()).append(' ').append(failure);
        }
        if (failureAtEof != null) {
            text.append("\n  failure at EOF: ").append(failureAtEof.status()).append(' ').append(failureAtEof);
        }
        if (!passThrough.isEmpty()) {
            text.append("\n  pass-through: ").append(Printable.of(passThrough));
        }
        violations.forEach(violation -> text.append("\n  VIOLATION: ").append(violation));
        return text.append('\n').toString();
    }
}
