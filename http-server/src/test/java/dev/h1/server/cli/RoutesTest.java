package dev.h1.server.cli;

import dev.h1.server.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The runnable server's routes through real loopback sockets (JDK HttpClient on HTTP/1.1, or raw bytes), and the file
 * route as browsers and download tools use it: a cached copy revalidated (304), a download resumed from an offset
 * (206), also with {@code curl -C -} when curl is installed.
 */
class RoutesTest {

    @TempDir
    static Path base;
    static HttpServer server;
    static InetSocketAddress address;
    static HttpClient client;
    /** {@code /files/big.bin}. */
    static byte[] big;

    @BeforeAll
    static void start() throws IOException {
        Path served = Files.createDirectories(base.resolve("public"));
        Files.writeString(base.resolve("secret.txt"), "top secret", StandardCharsets.UTF_8);
        Files.writeString(served.resolve("hello.txt"), "hello from a file\n", StandardCharsets.UTF_8);
        Files.createDirectories(served.resolve("sub"));
        big = new byte[300 * 1024 + 7]; // several socket writes: a range is sent from an offset, in parts
        new Random(3).nextBytes(big);
        Files.write(served.resolve("big.bin"), big);
        server = Main.create(Options.parse("--port", "0", "--io-threads", "2", "--dir", served.toString()));
        address = server.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                .timeout(Duration.ofSeconds(5));
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(5, SECONDS);
    }

    private static RawHttp.Response raw(String method, String target) throws IOException {
        return RawHttp.exchange(address,
                method + " " + target + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    }

    @Test
    void indexListsTheRoutes() throws Exception {
        HttpResponse<String> response = send(request("/").build());

        assertEquals(200, response.statusCode());
        assertEquals("text/html; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        for (String route : new String[] {"/plaintext", "/echo", "/stream", "/files/"}) {
            assertTrue(response.body().contains(route), route);
        }
    }

    @Test
    void plaintextIsHelloWorldWithContentLength() throws IOException {
        RawHttp.Response response = raw("GET", "/plaintext");

        assertEquals(200, response.status());
        assertEquals("text/plain", response.header("Content-Type"));
        assertEquals("13", response.header("Content-Length"));
        assertEquals("Hello, World!", response.text());
    }

    @Test
    void headGetsTheHeadOfGetWithoutTheBody() throws IOException {
        try (RawHttp connection = RawHttp.connect(address)) {
            RawHttp.Response head = connection.send("HEAD /plaintext HTTP/1.1\r\nHost: test\r\n\r\n").readHead();
            assertEquals(200, head.status());
            assertEquals("13", head.header("Content-Length"));

            // nothing but the next response follows the head
            assertEquals("Hello, World!", connection.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n").read().text());
        }
    }

    /**
     * A small body: the JDK client reads the response only after it has sent the whole request, so a body larger than
     * what the socket buffers and the server's high-water mark hold would (correctly) stall against back-pressure.
     */
    @Test
    void echoReturnsTheBodyWithItsContentType() throws Exception {
        byte[] body = new byte[64 * 1024 + 17];
        new Random(42).nextBytes(body);

        HttpResponse<byte[]> response = client.sendAsync(request("/echo")
                        .header("Content-Type", "application/x-test")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).get(5, SECONDS);

        assertEquals(200, response.statusCode());
        assertEquals("application/x-test", response.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(body, response.body());
    }

    /** {@code --handler-threads}: the same routes on a thread pool, the echo copied through the blocking streams. */
    @Test
    void withHandlerThreadsTheEchoCopiesTheBodyInBlockingStyle() throws Exception {
        HttpServer blocking = Main.create(Options.parse("--port", "0", "--io-threads", "1", "--handler-threads", "2"));
        try {
            InetSocketAddress at = blocking.start();
            String text = "chunk ".repeat(20_000);
            RawHttp.Response chunked = RawHttp.exchange(at, "POST /echo HTTP/1.1\r\nHost: test\r\n"
                    + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            assertEquals("hello world", chunked.text());
            RawHttp.Response fixed = RawHttp.exchange(at, "POST /echo HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
                    + "Content-Length: " + text.length() + "\r\n\r\n" + text);
            assertEquals(200, fixed.status());
            assertEquals(String.valueOf(text.length()), fixed.header("Content-Length"));
            assertEquals(text, fixed.text());
            assertEquals("Hello, World!", RawHttp.exchange(at, "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n").text());
        } finally {
            blocking.close();
        }
    }

    @Test
    void echoStreamsAChunkedBodyBackChunked() throws IOException {
        RawHttp.Response response = RawHttp.exchange(address, "POST /echo HTTP/1.1\r\nHost: test\r\n"
                + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

        assertEquals(200, response.status());
        assertEquals("chunked", response.header("Transfer-Encoding"));
        assertEquals("text/plain", response.header("Content-Type"));
        assertEquals("hello world", response.text());
    }

    /** Far more than every buffer on the way holds: only a server that echoes while it reads can answer this. */
    @Test
    void echoStreamsALargeBodyBackWhileItArrives() throws Exception {
        byte[] body = new byte[16 * 1024 * 1024 + 17];
        new Random(7).nextBytes(body);
        try (RawHttp connection = RawHttp.connect(address)) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    connection.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-test\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n");
                    connection.send(body);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            RawHttp.Response response = connection.read();

            sending.get(5, SECONDS);
            assertEquals(200, response.status());
            assertEquals("application/x-test", response.header("Content-Type"));
            assertEquals(String.valueOf(body.length), response.header("Content-Length"));
            assertArrayEquals(body, response.body());
        }
    }

    @Test
    void streamIsChunkedInSeveralParts() throws IOException {
        RawHttp.Response response = raw("GET", "/stream");

        assertEquals(200, response.status());
        assertEquals("chunked", response.header("Transfer-Encoding"));
        StringBuilder expected = new StringBuilder();
        for (int part = 1; part <= Routes.STREAM_PARTS; part++) {
            expected.append("part ").append(part).append(" of ").append(Routes.STREAM_PARTS).append('\n');
        }
        assertEquals(expected.toString(), response.text());
    }

    @Test
    void filesAreSentWithATypeByExtension() throws Exception {
        HttpResponse<String> response = send(request("/files/hello.txt").build());

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("18", response.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("hello from a file\n", response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/files/missing.txt", "/files/sub", "/files/", "/nothing-here", "/plaintext/"})
    void unknownPathsAndMissingFilesAreNotFound(String path) throws IOException {
        assertEquals(404, raw("GET", path).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/%2E%2E%2Fsecret.txt",
            "/files/..%2fsecret.txt", "/files/sub/../../secret.txt", "/files//etc/passwd", "/files/%2fetc%2fpasswd"})
    void pathTraversalIsRefusedWith403(String target) throws IOException {
        RawHttp.Response response = raw("GET", target);

        assertEquals(403, response.status(), response.toString()); // the README: path traversal is refused (403)
        assertFalse(response.text().contains("secret"), response.toString());
    }

    @Test
    void aKnownPathWithAnotherMethodIsMethodNotAllowed() throws IOException {
        RawHttp.Response post = raw("POST", "/plaintext");
        assertEquals(405, post.status());
        assertEquals("GET, HEAD", post.header("Allow"));

        RawHttp.Response get = raw("GET", "/echo");
        assertEquals(405, get.status());
        assertEquals("POST", get.header("Allow"));

        assertEquals("GET, HEAD", raw("DELETE", "/files/hello.txt").header("Allow"));
    }

    private static URI bigFile() {
        return URI.create("http://127.0.0.1:" + address.getPort() + "/files/big.bin");
    }

    private static HttpResponse<byte[]> getBigFile(String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(bigFile()).timeout(Duration.ofSeconds(5));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).get(5, SECONDS);
    }

    @Test
    void aCachedFileIsRevalidated() throws Exception {
        HttpResponse<byte[]> first = getBigFile();
        assertEquals(200, first.statusCode());
        assertArrayEquals(big, first.body());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

        HttpResponse<byte[]> byTag = getBigFile("If-None-Match", etag);
        assertEquals(304, byTag.statusCode());
        assertEquals(0, byTag.body().length);
        HttpResponse<byte[]> byDate = getBigFile("If-Modified-Since", lastModified);
        assertEquals(304, byDate.statusCode());
    }

    @Test
    void aDownloadResumesFromAnOffset() throws Exception {
        int offset = 100_000;
        String etag = getBigFile().headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> rest = getBigFile("Range", "bytes=" + offset + "-", "If-Range", etag);
        assertEquals(206, rest.statusCode());
        assertEquals("bytes " + offset + "-" + (big.length - 1) + "/" + big.length,
                rest.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(big, offset, big.length), rest.body());

        HttpResponse<byte[]> beyond = getBigFile("Range", "bytes=" + big.length + "-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */" + big.length, beyond.headers().firstValue("Content-Range").orElseThrow());
    }

    @Test
    void curlResumesAnInterruptedDownload() throws Exception {
        assumeTrue(curlIsInstalled(), "curl is not installed");
        Path partial = base.resolve("partial.bin");
        Files.write(partial, Arrays.copyOf(big, 12_345)); // what an interrupted download left

        Process curl = new ProcessBuilder("curl", "--silent", "--show-error", "--max-time", "10", "--continue-at", "-",
                "--output", partial.toString(), "--write-out", "%{http_code}", bigFile().toString())
                .redirectErrorStream(true).redirectOutput(base.resolve("curl.out").toFile()).start();
        try {
            assertTrue(curl.waitFor(15, SECONDS), "curl finished");
        } finally {
            curl.destroyForcibly();
        }
        String out = Files.readString(base.resolve("curl.out"), StandardCharsets.UTF_8);
        assertEquals(0, curl.exitValue(), out);
        assertEquals("206", out.strip()); // curl asked for the rest: Range: bytes=12345-
        assertArrayEquals(big, Files.readAllBytes(partial));
    }

    private static boolean curlIsInstalled() {
        try {
            Process version = new ProcessBuilder(List.of("curl", "--version")).redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            return version.waitFor(5, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
