package dev.h1.tests.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One response exactly as a raw socket read it.
 *
 * @param statusLine the status line without CRLF
 * @param headers    header fields in received order and case (values trimmed)
 * @param body       the body without its transfer coding
 * @param chunkSizes the size of each chunk of a chunked body, in order (empty otherwise)
 * @param trailers   the trailer fields of a chunked body
 * @param interim    the 1xx responses that came before this one, in order (only for {@link RawConnection#readFinal})
 */
public record RawResponse(String statusLine, List<Map.Entry<String, String>> headers, byte[] body,
                          List<Integer> chunkSizes, List<Map.Entry<String, String>> trailers,
                          List<RawResponse> interim) {

    public int status() {
        return Integer.parseInt(statusLine.split(" ", 3)[1]);
    }

    /** The reason phrase, possibly empty. */
    public String reason() {
        String[] parts = statusLine.split(" ", 3);
        return parts.length < 3 ? "" : parts[2];
    }

    /** The first value of {@code name} (any case), or {@code null}. */
    public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Every value of {@code name} (any case), in received order. */
    public List<String> headers(String name) {
        return valuesOf(headers, name);
    }

    public String trailer(String name) {
        List<String> values = valuesOf(trailers, name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The names of the header fields in received order and case. */
    public List<String> headerNames() {
        return headers.stream().map(Map.Entry::getKey).toList();
    }

    public boolean isChunked() {
        return "chunked".equalsIgnoreCase(header("Transfer-Encoding"));
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static List<String> valuesOf(List<Map.Entry<String, String>> fields, String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> field : fields) {
            if (field.getKey().equalsIgnoreCase(name)) {
                values.add(field.getValue());
            }
        }
        return values;
    }

    @Override
    public String toString() {
        return statusLine + " " + headers + (body.length > 200 ? " <" + body.length + " bytes>" : " " + text());
    }
}
