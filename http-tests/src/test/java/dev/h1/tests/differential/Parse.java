package dev.h1.tests.differential;

import dev.h1.tests.conformance.Field;
import dev.h1.tests.conformance.Outcome;
import dev.h1.tests.conformance.Request;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One decoder's reading of one input, reduced to what both decoders can be compared on: where the requests begin and
 * end (each one's method, target, version and body) and how the input ended.
 *
 * @param requests the completed requests, in order
 * @param end      how the input ended after them
 * @param detail   for a rejection, the decoder's reason: h1's {@code ParseError} name, or Netty's cause as
 *                 {@code Class: message}; else empty
 */
record Parse(List<Message> requests, End end, String detail) {

    Parse {
        requests = List.copyOf(requests);
    }

    /** How the input ended after the completed requests. */
    enum End {
        /** Everything was read as complete requests. */
        ACCEPTED,
        /** The decoder refused the input at the request after the completed ones. */
        REJECTED,
        /** The input ended inside a request (EOF; h1 reports it as TRUNCATED_MESSAGE). */
        INCOMPLETE,
        /** h1 only: the last request closes the connection (RFC 9112 §9.6); later bytes were dropped unread. */
        CLOSED,
        /** h1 only: the last request was CONNECT or an upgrade; later bytes were passed through as another protocol. */
        TUNNEL
    }

    /** A completed request. {@code version} is the HTTP-version as text, e.g. {@code HTTP/1.1}. */
    record Message(String method, String target, String version, String body) {
        @Override
        public String toString() {
            return method + ' ' + target + ' ' + version + (body.isEmpty() ? "" : " body " + body.length() + " bytes");
        }
    }

    /** h1's reading, from the corpus replay's {@link Outcome} (which also checks h1's message contract). */
    static Parse ofH1(Outcome outcome) {
        List<Message> messages = new ArrayList<>();
        for (Request request : outcome.completed()) {
            messages.add(new Message(request.method(), request.target(), "HTTP/" + request.version(), request.body()));
        }
        if (outcome.failure() != null) {
            return new Parse(messages, End.REJECTED, outcome.failure().name());
        }
        if (outcome.failureAtEof() != null) {
            return new Parse(messages, End.INCOMPLETE, outcome.failureAtEof().name());
        }
        if (!outcome.completed().isEmpty()) {
            Request last = outcome.completed().get(outcome.completed().size() - 1);
            if (last.upgrade()) {
                return new Parse(messages, End.TUNNEL, "");
            }
            if (closesConnection(last)) {
                return new Parse(messages, End.CLOSED, "");
            }
        }
        return new Parse(messages, End.ACCEPTED, "");
    }

    /** RFC 9112 §9.3: {@code Connection: close}, or HTTP/1.0 without {@code Connection: keep-alive}. */
    static boolean closesConnection(Request request) {
        List<String> options = new ArrayList<>();
        for (Field field : request.headers()) {
            if (field.name().equalsIgnoreCase("Connection")) {
                for (String option : field.value().split(",")) {
                    options.add(option.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return options.contains("close") || (request.version().equals("1.0") && !options.contains("keep-alive"));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < requests.size(); i++) {
            text.append("\n    #").append(i + 1).append(' ').append(requests.get(i));
        }
        return text.append("\n    then ").append(end).append(detail.isEmpty() ? "" : " " + detail).toString();
    }
}
