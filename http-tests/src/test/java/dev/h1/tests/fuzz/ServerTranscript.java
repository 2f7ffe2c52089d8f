package dev.h1.tests.fuzz;

import dev.h1.codec.Expectation;
import dev.h1.codec.ParseError;
import dev.h1.tests.conformance.Printable;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the installed pipeline did with one {@link PipelineInput}: the requests its decoder handed on, its failure,
 * every byte the server wrote, and the problems seen on the way.
 *
 * @param requests         the requests whose head the decoder emitted, in order; only the last may be incomplete
 * @param failure          the decoder's {@code DecodeFailure}, or null
 * @param failureWhileOpen whether that failure came while the channel was open (so the server could answer it)
 * @param output           every byte written to the client, in order
 * @param closedByServer   whether the server closed the channel (before the client's close, or the test's at the end)
 * @param problems         exceptions, buffers still allocated, messages left over, closes that only a failure explains;
 *                         must be empty
 */
record ServerTranscript(List<Request> requests, ParseError failure, boolean failureWhileOpen, byte[] output,
                        boolean closedByServer, List<String> problems) {

    ServerTranscript {
        requests = List.copyOf(requests);
        problems = List.copyOf(problems);
    }

    /** How many requests the decoder completed (their {@code EndOfBody} arrived): a prefix of {@link #requests}. */
    int completed() {
        return (int) requests.stream().filter(Request::complete).count();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < requests.size(); i++) {
            text.append("\n  request #").append(i + 1).append(": ").append(requests.get(i));
        }
        if (failure != null) {
            text.append("\n  failure: ").append(failure.status()).append(' ').append(failure)
                    .append(failureWhileOpen ? " (channel open)" : " (at the close)");
        }
        text.append(closedByServer ? "\n  closed by the server" : "");
        text.append("\n  output: ").append(Printable.of(new String(output, StandardCharsets.ISO_8859_1)));
        problems.forEach(problem -> text.append("\n  PROBLEM: ").append(problem));
        return text.append('\n').toString();
    }

    /**
     * One request as the decoder handed it to the connection.
     *
     * @param version     {@code HTTP/1.0} or {@code HTTP/1.1} (any higher minor version reads as 1.1)
     * @param expectation what its {@code Expect} field asks (100-continue only counts in HTTP/1.1)
     * @param body        the body bytes received (ISO-8859-1), all of them when {@code complete}
     * @param complete    whether its {@code EndOfBody} arrived
     */
    record Request(String method, String target, String version, Expectation expectation, String body,
                   boolean complete) {

        boolean isHead() {
            return method.equals("HEAD");
        }

        /** The echo's body for this request (the body so far when incomplete). */
        String echo() {
            return EchoHandler.echo(method, target, body);
        }

        @Override
        public String toString() {
            return method + " " + Printable.of(target) + " " + version
                    + (expectation == Expectation.NONE ? "" : " expecting " + expectation) + ", body "
                    + Printable.of(body) + (complete ? "" : ", incomplete");
        }
    }
}
