package dev.h1.tests.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What h1's runnable server in {@code --echo} mode must send back for one {@link WireCheck}, derived from the
 * decoder's verdict and the server's own rules:
 * <ul>
 *   <li>every completed request is answered 200 with its JSON echo, in order;</li>
 *   <li>the Host rule is on (the decoder replay switches it off to compare with llhttp): the first HTTP/1.1 request
 *       without Host is answered 400 instead, and nothing after it is (RFC 9112 §3.2);</li>
 *   <li>a rejection is answered with a 4xx/5xx and {@code Connection: close}, then the server closes;</li>
 *   <li>without an upgrade handler, {@code --echo} answers CONNECT 501 and closes, and treats an upgrade request as an
 *       ordinary request: the bytes after it are parsed as HTTP, so they may be answered with an error or not at
 *       all (when they are only the start of a request);</li>
 *   <li>after a request that closes the connection, the server closes without answering anything else.</li>
 * </ul>
 *
 * @param echoes     the requests echoed before the ending, in order; null when any prefix of {@code candidates}
 * @param candidates the case's requests (for a null {@code echoes})
 * @param status     the error's status when fixed, else null
 * @param rule       which rule decided the ending, for the summary and failure messages
 */
record ServerVerdict(List<WireCheck.Message> echoes, List<WireCheck.Message> candidates, Ending ending,
                     Integer status, String rule) {

    /** How the exchange ends after the echoes. */
    enum Ending {
        /** No further byte; the client half-closes after its input, and the server then closes. */
        QUIET(true),
        /** One 4xx/5xx with {@code Connection: close}, then the server closes (without the client half-closing). */
        ERROR(false),
        /** Either of the above: the bytes after an upgrade request parsed as HTTP. The client half-closes. */
        ERROR_OR_QUIET(true),
        /** No further byte; the server closes by itself (its last response closed the connection). */
        CLOSE(false);

        final boolean clientHalfCloses;

        Ending(boolean clientHalfCloses) {
            this.clientHalfCloses = clientHalfCloses;
        }
    }

    static ServerVerdict of(WireCase wireCase, WireCheck check) {
        List<WireCheck.Message> completed = check.completed();
        Integer noHost = completed == null ? null : firstWithoutHost(completed);
        if (noHost != null) {
            return new ServerVerdict(completed.subList(0, noHost), wireCase.messages(), Ending.ERROR, 400,
                    "no Host: 400");
        }
        return switch (check.kind()) {
            case ACCEPT -> new ServerVerdict(completed, wireCase.messages(), Ending.QUIET, null, "echoed");
            case INCOMPLETE -> partialWithoutHost(check)
                    ? new ServerVerdict(completed, wireCase.messages(), Ending.ERROR, 400, "no Host: 400")
                    : new ServerVerdict(completed, wireCase.messages(), Ending.QUIET, null,
                            "echoed, then incomplete");
            case REJECT -> new ServerVerdict(completed, wireCase.messages(), Ending.ERROR, check.status(),
                    "rejected");
            case DISCARD_AFTER_CLOSE -> new ServerVerdict(completed, wireCase.messages(), Ending.CLOSE, null,
                    "echoed, then closed");
            case TUNNEL -> tunnel(wireCase, check);
        };
    }

    private static ServerVerdict tunnel(WireCase wireCase, WireCheck check) {
        List<WireCheck.Message> completed = check.completed();
        WireCheck.Message last = completed.get(completed.size() - 1);
        if (last.isConnect()) {
            return new ServerVerdict(completed.subList(0, completed.size() - 1), wireCase.messages(), Ending.ERROR,
                    501, "CONNECT without upgrade handler: 501");
        }
        return check.passThrough().isEmpty()
                ? new ServerVerdict(completed, wireCase.messages(), Ending.QUIET, null, "echoed")
                : new ServerVerdict(completed, wireCase.messages(), Ending.ERROR_OR_QUIET, null,
                        "upgrade ignored: echoed, later bytes parsed as HTTP");
    }

    private static Integer firstWithoutHost(List<WireCheck.Message> messages) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).version().equals("1.1") && !messages.get(i).hasHost()) {
                return i;
            }
        }
        return null;
    }

    /**
     * Whether the unfinished request's head is complete, HTTP/1.1 and without Host. The corpus does not record its
     * version: it is read from the input, after the last occurrence of its method and target.
     */
    private static boolean partialWithoutHost(WireCheck check) {
        WireCheck.Partial partial = check.partial();
        if (partial == null || !partial.headersComplete()) {
            return false;
        }
        boolean hasHost = partial.headers().stream().anyMatch(field -> field.name().equalsIgnoreCase("Host"));
        String input = new String(check.input(), StandardCharsets.ISO_8859_1);
        String line = partial.method() + " " + partial.target() + " HTTP/";
        int at = input.lastIndexOf(line);
        String version = at < 0 ? "1.1" : input.substring(at + line.length(), at + line.length() + 3);
        return version.equals("1.1") && !hasHost;
    }

    /** Every way {@code transcript} differs from this verdict; empty when it matches. */
    List<String> mismatches(Transcript transcript) {
        List<String> mismatches = new ArrayList<>();
        List<Transcript.Response> responses = transcript.responses();
        if (transcript.unparsed() != null) {
            mismatches.add("bytes that are not a response: " + transcript.unparsed());
        }
        List<WireCheck.Message> expected = echoes != null ? echoes : candidates;
        int echoed = 0;
        while (echoed < responses.size() && responses.get(echoed).status() == 200) {
            if (echoed >= expected.size()) {
                mismatches.add("more 200 answers than requests: " + responses.get(echoed));
                break;
            }
            EchoJson.mismatch(expected.get(echoed), responses.get(echoed))
                    .ifPresent(mismatches::add);
            echoed++;
        }
        if (echoes != null && echoed != echoes.size()) {
            mismatches.add(echoed + " request(s) echoed; expected " + echoes.size());
        }
        List<Transcript.Response> rest = responses.subList(Math.min(echoed, responses.size()), responses.size());
        switch (ending) {
            case QUIET, CLOSE -> {
                if (!rest.isEmpty()) {
                    mismatches.add("answered " + rest + "; expected nothing after the echoes");
                }
            }
            case ERROR -> checkError(rest, mismatches);
            case ERROR_OR_QUIET -> {
                if (!rest.isEmpty()) {
                    checkError(rest, mismatches);
                }
            }
        }
        if (!transcript.isClosed()) {
            mismatches.add("the server did not close the connection (" + transcript.end() + ")");
        }
        if (transcript.writeFailure() != null && ending == Ending.QUIET) {
            mismatches.add("the server closed while the input was sent: " + transcript.writeFailure());
        }
        return mismatches;
    }

    private void checkError(List<Transcript.Response> rest, List<String> mismatches) {
        if (rest.size() != 1) {
            mismatches.add("after the echoes: " + rest + "; expected exactly one 4xx/5xx");
            return;
        }
        Transcript.Response error = rest.get(0);
        if (error.status() < 400 || error.status() > 599) {
            mismatches.add("answered " + error.status() + "; expected a 4xx/5xx");
        } else if (status != null && error.status() != status) {
            mismatches.add("answered " + error.status() + "; expected " + status);
        }
        if (!"close".equalsIgnoreCase(error.header("Connection"))) {
            mismatches.add("the error answer lacks Connection: close: " + error);
        }
    }

    /** The verdict as a short text, e.g. "2 echoes, then 400 (no Host: 400)". */
    String describe() {
        String count = echoes == null ? "any echoes" : echoes.size() + " echo" + (echoes.size() == 1 ? "" : "es");
        return switch (ending) {
            case QUIET -> count + ", then quiet";
            case ERROR -> count + ", then " + (status == null ? "a 4xx/5xx" : status) + " and close";
            case ERROR_OR_QUIET -> count + ", then a 4xx/5xx or nothing";
            case CLOSE -> count + ", then close";
        } + " (" + rule + ")";
    }
}
