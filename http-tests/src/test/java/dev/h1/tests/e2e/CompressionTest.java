package dev.h1.tests.e2e;

import dev.h1.server.CompressionConfig;
import dev.h1.server.api.RequestHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Response compression as real clients see it: the JDK's HttpClient (which does not decode content codings: the test
 * decompresses with java.util.zip) and curl {@code --compressed} (which decodes, so the test compares its output).
 */
class CompressionTest {

    /** Compressible JSON, well over the 1 KiB threshold. */
    static final String JSON = "[" + "{\"id\":1,\"name\":\"h1\",\"tags\":[\"http\",\"netty\"]},".repeat(400) + "{}]";
    static final String EVENTS = "data: tick\n\n";

    private static final RequestHandler ROUTES = (req, res) -> {
        switch (req.path()) {
            case "/json" -> res.setHeader("Content-Type", "application/json").setHeader("ETag", "\"j1\"").end(JSON);
            case "/stream" -> {
                res.setHeader("Content-Type", "text/event-stream");
                for (int i = 0; i < 500; i++) {
                    res.write(EVENTS);
                }
                res.end();
            }
            case "/png" -> res.setHeader("Content-Type", "image/png").end(JSON);
            default -> res.statusCode(404).end();
        }
    };

    private final ServerFixture fixture = new ServerFixture();

    @BeforeEach
    void start() {
        fixture.start(ServerFixture.connection().compression(CompressionConfig.defaults()), ROUTES);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void jdkClientAskingForGzipGetsABodyThatDecompressesToTheOriginal() throws Exception {
        HttpClient client = Jdk.client();
        HttpResponse<byte[]> response = client.send(Jdk.request(fixture.uri("/json"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals("Accept-Encoding", response.headers().firstValue("Vary").orElseThrow());
        assertEquals("W/\"j1\"", response.headers().firstValue("ETag").orElseThrow());
        assertFalse(response.headers().firstValue("Content-Length").isPresent());
        assertTrue(response.body().length < JSON.length() / 10, response.body().length + " bytes");
        assertEquals(JSON, decode(new GZIPInputStream(new ByteArrayInputStream(response.body()))));

        HttpResponse<byte[]> again = client.send(Jdk.request(fixture.uri("/json")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertFalse(again.headers().firstValue("Content-Encoding").isPresent(), "no Accept-Encoding: as it is");
        assertEquals(JSON, new String(again.body(), StandardCharsets.UTF_8));
    }

    @Test
    void jdkClientGetsAStreamedBodyDeflatedPieceByPiece() throws Exception {
        HttpResponse<byte[]> response = Jdk.client().send(Jdk.request(fixture.uri("/stream"))
                .header("Accept-Encoding", "deflate").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("deflate", response.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals(EVENTS.repeat(500), decode(new InflaterInputStream(new ByteArrayInputStream(response.body()))));
    }

    @Test
    void curlCompressedDecodesTheBody() throws Exception {
        List<Curl.Transfer> transfers = Curl.run("--compressed", "-D", "-", fixture.uri("/json").toString(),
                "--next", "--compressed", fixture.uri("/stream").toString(),
                "--next", "--compressed", "-D", "-", fixture.uri("/png").toString()).all();
        assertEquals(3, transfers.size());
        String json = transfers.get(0).output();
        assertTrue(json.toLowerCase().contains("content-encoding: gzip"), json);
        assertTrue(json.endsWith("\r\n\r\n" + JSON), "curl decoded the body");
        assertEquals(EVENTS.repeat(500), transfers.get(1).output());
        String png = transfers.get(2).output();
        assertFalse(png.toLowerCase().contains("content-encoding"), png);
        assertTrue(png.endsWith(JSON));
        assertEquals(List.of(1, 0, 0), transfers.stream().map(Curl.Transfer::connects).toList(),
                "one connection for all three");
    }

    private static String decode(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
