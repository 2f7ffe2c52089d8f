package dev.h1.tests.tls;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.api.RequestHandler;
import dev.h1.tests.e2e.ConnectionLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * h1's drop-in handlers behind Netty's {@code SslHandler} (JDK provider), with certificates generated for the run
 * ({@link TestCertificates}), served to the JDK's {@link HttpClient} over HTTPS on 127.0.0.1: a kept-alive connection,
 * a chunked response, an echoed request body, and a file sent in pieces read from the file (no zero-copy
 * {@code FileRegion} can pass TLS). Every exchange is bounded by the client's {@value #TIMEOUT_SECONDS} s timeout.
 */
class TlsEndToEndTest {

    static final int TIMEOUT_SECONDS = 10;
    static final int FILE_BYTES = 4 * 1024 * 1024 + 123;
    static final int BODY_BYTES = 256 * 1024;
    static final String[] PARTS = {"first part\n", "second part\n", "third part\n"};

    private static TestCertificates certificates;

    @TempDir
    Path directory;
    private Path file;
    private final ConnectionLog log = new ConnectionLog();
    private TlsServer server;
    private HttpClient client;

    /** {@code /parts} writes {@link #PARTS} then ends; {@code /echo} answers its body; {@code /file} sends the file. */
    private final RequestHandler handler = (req, res) -> {
        switch (req.path()) {
            case "/parts" -> {
                for (String part : PARTS) {
                    res.write(part);
                }
                res.end();
            }
            case "/echo" -> req.bodyBytes(2 * BODY_BYTES).thenAccept(res::end);
            case "/file" -> res.sendFile(file);
            default -> res.end("ok " + req.url());
        }
    };

    @BeforeAll
    static void generateCertificates() throws Exception {
        certificates = TestCertificates.generate();
    }

    @BeforeEach
    void start() throws Exception {
        file = directory.resolve("large.bin");
        Files.write(file, random(FILE_BYTES, 7));
        server = new TlsServer(certificates.serverContext(), ConnectionConfig.builder().connectionListener(log).build(),
                handler);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(certificates.clientContext())
                .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS)).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + server.address().getPort() + path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(TIMEOUT_SECONDS));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void servesSeveralRequestsOnOneKeptAliveTlsConnection() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = get("/r" + i);
            assertEquals(200, response.statusCode());
            bodies.add(response.body());
        }
        assertEquals(List.of("ok /r0", "ok /r1", "ok /r2", "ok /r3", "ok /r4"), bodies);
        assertEquals(1, log.opened(), "connections the server accepted for five requests");
        assertEquals(1, server.connections.size(), "the kept-alive connection is still open");
    }

    @Test
    void streamsAChunkedResponseOverTls() throws Exception {
        HttpResponse<String> response = get("/parts");
        assertEquals(200, response.statusCode());
        assertEquals(String.join("", PARTS), response.body());
        assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElse("none"));
    }

    @Test
    void echoesARequestBodyOverTls() throws Exception {
        byte[] body = random(BODY_BYTES, 11);
        HttpResponse<byte[]> response = client.send(request("/echo")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(body, response.body());
    }

    @Test
    void sendsAFileInPiecesReadFromItNeverAsAFileRegion() throws Exception {
        HttpResponse<byte[]> response = client.send(request("/file").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(FILE_BYTES), response.headers().firstValue("Content-Length").orElse(""));
        assertTrue(Arrays.equals(Files.readAllBytes(file), response.body()), "the file's bytes arrived intact");

        Map<Class<?>, Long> written = server.written.counts();
        long buffers = written.entrySet().stream().filter(e -> ByteBuf.class.isAssignableFrom(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        assertTrue(written.keySet().stream().noneMatch(FileRegion.class::isAssignableFrom),
                "a FileRegion reached the SslHandler: " + written);
        assertTrue(written.keySet().stream().allMatch(ByteBuf.class::isAssignableFrom), "written: " + written);
        assertTrue(buffers > FILE_BYTES / (64 * 1024), "the file went out in " + buffers + " buffers, not in pieces");
    }
}
