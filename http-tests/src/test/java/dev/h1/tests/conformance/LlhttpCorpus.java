package dev.h1.tests.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads the vendored corpus {@code /llhttp/llhttp-requests.json} (see {@code PROVENANCE.md} next to it). */
public final class LlhttpCorpus {

    static final String RESOURCE = "/llhttp/llhttp-requests.json";
    private static final int FORMAT_VERSION = 1;

    private LlhttpCorpus() {
    }

    /** Every case, in the corpus's order. */
    public static List<CorpusCase> cases() {
        JsonNode root = read();
        if (root.path("format_version").asInt() != FORMAT_VERSION) {
            throw new IllegalStateException(RESOURCE + ": format_version " + root.path("format_version")
                    + ", this reader knows " + FORMAT_VERSION);
        }
        List<CorpusCase> cases = new ArrayList<>();
        for (JsonNode node : root.path("cases")) {
            cases.add(toCase(node));
        }
        return cases;
    }

    private static JsonNode read() {
        try (InputStream in = LlhttpCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE, e);
        }
    }

    private static CorpusCase toCase(JsonNode node) {
        byte[] input = Base64.getDecoder().decode(node.path("input_b64").asText());
        if (input.length != node.path("input_len").asInt()) {
            throw new IllegalStateException(node.path("id").asText() + ": input_len does not match input_b64");
        }
        List<Request> messages = new ArrayList<>();
        for (JsonNode message : node.path("messages")) {
            messages.add(toRequest(message));
        }
        List<String> tags = new ArrayList<>();
        node.path("tags").forEach(tag -> tags.add(tag.asText()));
        return new CorpusCase(node.path("id").asText(), node.path("mode").asText(), node.path("expect").asText(),
                input, List.copyOf(messages), node.path("incomplete").asBoolean(false),
                textOrNull(node.path("eof_at_end")), toPartial(node.path("partial")),
                intOrNull(node.path("upgrade_offset")), intOrNull(node.path("strict_messages_before_error")),
                List.copyOf(tags), node.path("notes").asText(""));
    }

    private static Request toRequest(JsonNode message) {
        return new Request(message.path("method").asText(), message.path("target").asText(),
                message.path("version").asText(), toFields(message.path("headers")),
                toFields(message.path("trailers")), base64Text(message.path("body_b64")),
                message.path("chunked").asBoolean(), message.path("upgrade").asBoolean());
    }

    private static CorpusCase.Partial toPartial(JsonNode partial) {
        if (partial.isMissingNode() || partial.isNull()) {
            return null;
        }
        boolean headersComplete = partial.path("headers_complete").asBoolean();
        return new CorpusCase.Partial(textOrNull(partial.path("method")), textOrNull(partial.path("target")),
                headersComplete, headersComplete ? toFields(partial.path("headers")) : null,
                headersComplete ? base64Text(partial.path("body_b64_so_far")) : null);
    }

    private static List<Field> toFields(JsonNode pairs) {
        List<Field> fields = new ArrayList<>();
        for (JsonNode pair : pairs) {
            fields.add(new Field(pair.get(0).asText(), pair.get(1).asText()));
        }
        return List.copyOf(fields);
    }

    /** Body bytes as ISO-8859-1 text, like every other text field of the corpus. */
    private static String base64Text(JsonNode node) {
        return new String(Base64.getDecoder().decode(node.asText("")), StandardCharsets.ISO_8859_1);
    }

    private static String textOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static Integer intOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asInt();
    }
}
