package dev.h1.tests.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code --echo} document ({@code {"method", "target", "version", "headers": [[name, value]...],
 * "body_b64"}}) and compares it with the request the corpus says was sent. Text is ISO-8859-1 on both sides: the
 * server writes bytes outside printable ASCII as {@code \}{@code u00XX} escapes.
 */
final class EchoJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EchoJson() {
    }

    /** Why {@code response} is not the echo of {@code expected}, or empty when it is. */
    static Optional<String> mismatch(WireCheck.Message expected, Transcript.Response response) {
        if (!"application/json".equals(response.header("Content-Type"))) {
            return Optional.of("not an echo: " + response);
        }
        JsonNode echo;
        try {
            echo = JSON.readTree(response.body());
        } catch (IOException e) {
            return Optional.of("echo is not JSON: " + response);
        }
        List<WireCheck.Field> headers = new ArrayList<>();
        echo.path("headers").forEach(pair -> headers.add(new WireCheck.Field(pair.get(0).asText(),
                pair.get(1).asText())));
        String body = new String(Base64.getDecoder().decode(echo.path("body_b64").asText()),
                StandardCharsets.ISO_8859_1);
        WireCheck.Message echoed = new WireCheck.Message(echo.path("method").asText(), echo.path("target").asText(),
                echo.path("version").asText().replace("HTTP/", ""), headers, body);
        if (!echoed.equals(expected)) {
            return Optional.of("echo differs:\n    expected " + expected + "\n    echoed   " + echoed
                    + (echoed.body().equals(expected.body()) ? "" : "\n    bodies " + Transcript.printable(
                    expected.body()) + " vs " + Transcript.printable(echoed.body())));
        }
        return Optional.empty();
    }
}
