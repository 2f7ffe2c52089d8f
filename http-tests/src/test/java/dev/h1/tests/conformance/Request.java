package dev.h1.tests.conformance;

import java.util.List;

/**
 * One completed request, in the corpus's terms. The replay builds it from the decoder's messages, the corpus from
 * its JSON, and the two are compared with {@link #equals}. Text is raw bytes read as ISO-8859-1.
 *
 * @param version  {@code "1.0"} or {@code "1.1"} (the corpus also knows {@code "0.9"} and {@code "5.6"}, which h1
 *                 never produces)
 * @param body     the body after framing (chunk data only for chunked bodies)
 * @param chunked  whether the body was chunked
 * @param upgrade  whether HTTP ends after this request: CONNECT, or {@code Connection: upgrade} plus {@code Upgrade}
 */
public record Request(String method, String target, String version, List<Field> headers, List<Field> trailers,
               String body, boolean chunked, boolean upgrade) {

    public Request {
        headers = List.copyOf(headers);
        trailers = List.copyOf(trailers);
    }

    /** A request without body, trailers, chunking or upgrade. */
    static Request of(String method, String target, String version, Field... headers) {
        return new Request(method, target, version, List.of(headers), List.of(), "", false, false);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append(method).append(' ').append(target).append(" HTTP/").append(version);
        if (chunked) {
            text.append(" chunked");
        }
        if (upgrade) {
            text.append(" upgrade");
        }
        headers.forEach(field -> text.append("\n    ").append(field));
        text.append("\n    body ").append(Printable.of(body));
        trailers.forEach(field -> text.append("\n    trailer ").append(field));
        return text.toString();
    }
}
