package dev.h1.tests.fuzz;

import dev.h1.codec.Expectation;
import dev.h1.codec.ParseError;
import dev.h1.tests.fuzz.ResponseReader.Response;
import dev.h1.tests.fuzz.ResponseReader.Responses;
import dev.h1.tests.fuzz.ServerTranscript.Request;

import java.util.ArrayList;
import java.util.List;

/**
 * What must hold for any input to the whole pipeline: no problem on the server's side (exception, buffer still
 * allocated, unexplained close; see {@link PipelineReplayer}), and an output that a client reads as well-formed,
 * correctly framed HTTP/1.1 responses in request order:
 * <ul>
 *   <li>Netty's {@code HttpResponseDecoder} reads the whole output without error; every response is HTTP/1.1, with
 *       at most one of Content-Length and {@code Transfer-Encoding: chunked}, none on a 1xx; a body delimited by the
 *       close only for an HTTP/1.0 request, with {@code Connection: close};</li>
 *   <li>final response {@code i} answers request {@code i}: a 200 carries that request's echo (its method, target and
 *       body; a prefix of it when the response was cut with its request), a HEAD answer announces the echo's length
 *       if it announces one; an interim 100 only for a request that expects it, once;</li>
 *   <li>one final response per completed request, until a response that closes the connection; after that, nothing;
 *       an error status only as the last response, with {@code Connection: close} and the reason phrase as its body,
 *       and only for a reason: the decoder's failure (with its status), an unsupported {@code Expect} (417), CONNECT
 *       (501);</li>
 *   <li>a decoder failure while the channel was open is answered with its status, unless the failed request's
 *       response had already begun or an earlier response closed the connection; either way the server closes the
 *       connection. A request truncated by the end of the input is not answered (the server closes, RFC 9112
 *       §8).</li>
 * </ul>
 */
final class PipelineOracle {

    private PipelineOracle() {
    }

    /** Throws an {@link AssertionError} that shows the input, what the server saw, and what it wrote. */
    static void check(PipelineInput input, ServerTranscript server, Responses read) {
        List<String> problems = problems(server, read);
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems) + "\ninput: " + input + "\nserver:" + server
                    + "responses: " + read.responses());
        }
    }

    static List<String> problems(ServerTranscript server, Responses read) {
        List<String> problems = new ArrayList<>(server.problems());
        if (read.malformed() != null) {
            problems.add("the output is not well-formed HTTP/1.1 responses: " + read.malformed());
        }
        List<Request> requests = server.requests();
        int finals = 0;
        int closedAt = -1;
        boolean continued = false;
        for (Response response : read.responses()) {
            String name = "response #" + (finals + 1) + " (" + response.status() + ")";
            Request request = finals < requests.size() ? requests.get(finals) : null;
            if (closedAt >= 0) {
                problems.add(name + " follows the response that ended the connection");
                break;
            }
            framing(name, response, request, problems);
            if (response.isInterim()) {
                if (response.status() != 100 || request == null || request.expectation() != Expectation.CONTINUE
                        || continued) {
                    problems.add(name + " is an interim response that no request asked for");
                }
                continued = true;
                continue;
            }
            answer(name, response, request, server, problems);
            if (response.closesConnection() || !response.complete()) {
                closedAt = finals;
            }
            finals++;
            continued = false;
        }
        count(server, read.responses().stream().filter(r -> !r.isInterim()).toList(), closedAt, problems);
        return problems;
    }

    private static void framing(String name, Response response, Request request, List<String> problems) {
        // Netty's decoder itself rejects Content-Length with Transfer-Encoding, and an invalid Content-Length.
        boolean length = response.headers().contains("Content-Length");
        String coding = response.headers().get("Transfer-Encoding");
        if (!response.version().equals("HTTP/1.1")) {
            problems.add(name + " is " + response.version());
        }
        if (coding != null && !coding.equals("chunked")) {
            problems.add(name + " has Transfer-Encoding " + coding);
        }
        boolean bodyless = response.status() < 200 || response.status() == 204 || response.status() == 304
                || request != null && request.isHead();
        if (response.isInterim() && (length || coding != null)) {
            problems.add(name + " is interim but frames a body");
        }
        if (!bodyless && !length && coding == null
                && (!response.closesConnection() || request == null || !request.version().equals("HTTP/1.0"))) {
            problems.add(name + " is delimited by the close, but answers no HTTP/1.0 request or keeps the connection");
        }
    }

    private static void answer(String name, Response response, Request request, ServerTranscript server,
                               List<String> problems) {
        int status = response.status();
        if (status == 200) {
            if (request == null) {
                problems.add(name + " answers no request");
            } else {
                echo(name, response, request, problems);
            }
            return;
        }
        if (status < 400 || status > 599) {
            problems.add(name + " has a status the echo never sends and the server never answers with");
            return;
        }
        if (!response.closesConnection()) {
            problems.add(name + " is an error answer without Connection: close");
        }
        if (!response.body().equals(request != null && request.isHead() ? "" : response.reason())) {
            problems.add(name + " is an error answer whose body is not its reason phrase");
        }
        boolean explained = server.failure() != null && server.failure().status() == status
                || request != null && status == 417 && request.expectation() == Expectation.UNSUPPORTED
                || request != null && status == 501 && request.method().equals("CONNECT");
        if (!explained) {
            problems.add(name + " is an error answer that neither the decoder's failure ("
                    + server.failure() + ") nor its request explains");
        }
    }

    private static void echo(String name, Response response, Request request, List<String> problems) {
        String echo = request.echo();
        if (request.isHead()) {
            String length = response.headers().get("Content-Length");
            if (length != null && request.complete() && !length.equals(String.valueOf(echo.length()))) {
                problems.add(name + " answers HEAD with Content-Length " + length + ", not the echo's "
                        + echo.length());
            }
            return;
        }
        boolean closeDelimited = !response.headers().contains("Content-Length")
                && !response.headers().contains("Transfer-Encoding");
        if (response.complete() && !closeDelimited && !request.complete()) {
            problems.add(name + " is complete, but its request is not");
        }
        if (!response.complete() && request.complete()) {
            problems.add(name + " is cut off, but its request was complete");
        }
        boolean exact = request.complete() && (response.complete() || closeDelimited);
        if (exact ? !response.body().equals(echo) : !echo.startsWith(response.body())) {
            problems.add(name + " does not carry " + (exact ? "" : "a prefix of ") + "the echo of its request");
        }
    }

    private static void count(ServerTranscript server, List<Response> finals, int closedAt, List<String> problems) {
        List<Request> requests = server.requests();
        int due = server.completed();
        if (closedAt >= 0) {
            due = Math.min(due, closedAt + 1);
        }
        if (finals.size() < due) {
            problems.add(finals.size() + " final responses for " + server.completed() + " completed requests");
        }
        if (finals.size() > requests.size() + 1) {
            problems.add(finals.size() + " final responses for " + requests.size() + " requests and one failure");
        }
        if (server.failure() == null || !server.failureWhileOpen()
                || server.failure() == ParseError.TRUNCATED_MESSAGE) {
            return; // the input ended inside a request: the server closes without an answer (RFC 9112 §8)
        }
        if (!server.closedByServer()) {
            problems.add("the decoder's failure " + server.failure() + " came while the channel was open, but the"
                    + " server did not close the connection");
        }
        Response last = finals.isEmpty() ? null : finals.get(finals.size() - 1);
        boolean answered = last != null && last.status() == server.failure().status();
        // the failed request's response had begun (its head went out): the server can only close
        boolean begun = last != null && last.status() == 200 && finals.size() == requests.size()
                && !requests.get(requests.size() - 1).complete();
        // an earlier answer ended the connection (e.g. 417): what came after it is not read
        boolean closedBefore = closedAt >= 0 && !answered && !begun;
        if (!answered && !begun && !closedBefore) {
            problems.add("the decoder's failure " + server.failure() + " came while the channel was open, but was"
                    + " not answered");
        }
    }
}
