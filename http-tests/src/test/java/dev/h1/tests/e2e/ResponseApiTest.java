package dev.h1.tests.e2e;

import dev.h1.codec.Headers;
import dev.h1.server.api.RequestHandler;
import dev.h1.tests.e2e.Observations.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The response API as clients see it on the wire: {@code writeHead} variants, header manipulation, the headers the
 * server adds, Content-Length from {@code end(data)}, chunked bodies (a chunk over 64 KiB, an empty write, many small
 * writes), trailers and 103 Early Hints.
 */
@ExtendWith(Observations.class)
class ResponseApiTest {

    static final int BIG = 100 * 1024;
    static final byte[] BIG_BODY = pattern(BIG);
    static final String SMALL_WRITES = "0123456789".repeat(100);

    private static final RequestHandler ROUTES = (req, res) -> {
        switch (req.path()) {
            case "/write-head" -> {
                res.setHeader("X-Before", "set before");
                res.writeHead(202, "Accepted Later", new Headers().add("X-A", "1").add("X-B", "2"));
                res.end("later");
            }
            case "/headers" -> {
                res.setHeader("X-Multi", List.of("a", "b"));
                res.appendHeader("X-Multi", "c");
                res.setHeader("X-Removed", "x");
                res.removeHeader("X-Removed");
                res.setHeader("X-Replaced", "old");
                res.setHeader("X-Replaced", "new");
                res.end(String.join(",", new java.util.TreeSet<>(res.getHeaderNames())));
            }
            case "/implicit" -> res.end("12345");
            case "/big-chunk" -> {
                res.write(BIG_BODY);
                res.write("tail");
                res.end();
            }
            case "/empty-write" -> {
                res.write("a");
                res.write(new byte[0]);
                res.write("");
                res.write("b");
                res.end();
            }
            case "/small-writes" -> {
                for (int i = 0; i < SMALL_WRITES.length(); i++) {
                    res.write(SMALL_WRITES.substring(i, i + 1));
                }
                res.end();
            }
            case "/trailers" -> {
                res.setHeader("Trailer", "X-Checksum");
                res.write("data");
                res.addTrailers(new Headers().add("X-Checksum", "c0ffee"));
                res.end();
            }
            case "/hints" -> {
                res.writeEarlyHints(new Headers().add("Link", "</style.css>; rel=preload; as=style"));
                res.end("ok");
            }
            default -> res.statusCode(404).end();
        }
    };

    private final ServerFixture fixture = new ServerFixture();

    @BeforeEach
    void start() {
        fixture.start(ROUTES);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    private RawResponse raw(String path) throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            return raw.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").read();
        }
    }

    private static List<String> names(List<Map.Entry<String, String>> fields) {
        return fields.stream().map(Map.Entry::getKey).toList();
    }

    // ---- raw socket: the exact bytes ----

    @Test
    void writeHeadSendsStatusReasonAndHeadersMerged() throws Exception {
        RawResponse response = raw("/write-head");

        assertEquals("HTTP/1.1 202 Accepted Later", response.statusLine());
        assertEquals("set before", response.header("X-Before"));
        assertEquals("1", response.header("X-A"));
        assertEquals("2", response.header("X-B"));
        assertEquals("later", response.text());
        Observations.record(Scenario.WRITE_HEAD, Client.RAW, "`HTTP/1.1 202 Accepted Later`, headers set before and"
                + " given merged");
    }

    @Test
    void headerManipulationIsWhatGoesOnTheWire() throws Exception {
        RawResponse response = raw("/headers");

        assertEquals(List.of("a", "b", "c"), response.headers("X-Multi"));
        assertNull(response.header("X-Removed"));
        assertEquals(List.of("new"), response.headers("X-Replaced"));
        assertEquals("x-multi,x-replaced", response.text());
        Observations.record(Scenario.HEADER_API, Client.RAW, "`X-Multi` a, b, c as 3 field lines; removed one"
                + " absent; replaced one once");
    }

    @Test
    void endWithDataSetsContentLengthAndTheServerAddsDateAndKeepAlive() throws Exception {
        long before = System.currentTimeMillis();
        RawResponse response = raw("/implicit");
        long after = System.currentTimeMillis();

        assertEquals("5", response.header("Content-Length"));
        assertNull(response.header("Transfer-Encoding"));
        ZonedDateTime date = ZonedDateTime.parse(response.header("Date"), DateTimeFormatter.RFC_1123_DATE_TIME);
        assertTrue(response.header("Date").endsWith(" GMT"), "IMF-fixdate: " + date);
        // The connection's clock (BatchClock) derives the wall time from its ticker between readings of the wall clock:
        // the field names the request's second, give or take the ticker's drift across a second boundary.
        long second = date.toEpochSecond();
        assertTrue(second >= before / 1000 - 1 && second <= after / 1000, date + " not within the request's time");
        assertEquals("timeout=5", response.header("Keep-Alive"));
        assertEquals("12345", response.text());
        Observations.record(Scenario.IMPLICIT_HEADERS, Client.RAW, "fields " + response.headerNames()
                + "; Content-Length 5, IMF-fixdate Date");
    }

    @Test
    void aWriteOver64KiBIsOneChunk() throws Exception {
        RawResponse response = raw("/big-chunk");

        assertTrue(response.isChunked());
        assertEquals(List.of(BIG, 4), response.chunkSizes());
        assertEquals(BIG + 4, response.body().length);
        assertArrayEquals(BIG_BODY, java.util.Arrays.copyOf(response.body(), BIG));
        Observations.record(Scenario.CHUNK_OVER_64K, Client.RAW, "chunk sizes " + response.chunkSizes()
                + ", bytes intact");
    }

    @Test
    void anEmptyWriteDoesNotEndTheChunkedBody() throws Exception {
        RawResponse response = raw("/empty-write");

        assertEquals(List.of(1, 1), response.chunkSizes());
        assertEquals("ab", response.text());
        Observations.record(Scenario.EMPTY_WRITE, Client.RAW, "chunk sizes [1, 1]: no empty chunk, body `ab`");
    }

    @Test
    void manySmallWritesArriveInOrder() throws Exception {
        RawResponse response = raw("/small-writes");

        assertEquals(SMALL_WRITES, response.text());
        Observations.record(Scenario.SMALL_WRITES, Client.RAW, response.chunkSizes().size() + " chunks, 1000 bytes"
                + " in order");
    }

    @Test
    void trailersFollowTheLastChunk() throws Exception {
        RawResponse response = raw("/trailers");

        assertEquals("X-Checksum", response.header("Trailer"));
        assertEquals("data", response.text());
        assertEquals("c0ffee", response.trailer("X-Checksum"));
        Observations.record(Scenario.TRAILERS, Client.RAW, "trailer section `X-Checksum: c0ffee` after `0`");
    }

    @Test
    void earlyHintsComeBeforeTheFinalResponse() throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            raw.send("GET /hints HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse hints = raw.read();
            RawResponse response = raw.read();

            assertEquals("HTTP/1.1 103 Early Hints", hints.statusLine());
            assertEquals("</style.css>; rel=preload; as=style", hints.header("Link"));
            assertEquals(200, response.status());
            assertEquals("ok", response.text());
        }
        Observations.record(Scenario.EARLY_HINTS, Client.RAW, "`103 Early Hints` with Link, then 200");
    }

    // ---- the other clients ----

    @Test
    void jdkClientSeesTheResponseApi() throws Exception {
        HttpClient client = Jdk.client();

        HttpResponse<String> head = Jdk.get(client, fixture.uri("/write-head"));
        assertEquals(202, head.statusCode());
        assertEquals("2", head.headers().firstValue("X-B").orElseThrow());
        Observations.record(Scenario.WRITE_HEAD, Client.JDK, "202 (no reason phrase in the API), headers merged");

        HttpResponse<String> headers = Jdk.get(client, fixture.uri("/headers"));
        assertEquals(List.of("a", "b", "c"), headers.headers().allValues("X-Multi"));
        assertFalse(headers.headers().firstValue("X-Removed").isPresent());
        Observations.record(Scenario.HEADER_API, Client.JDK, "`allValues(\"X-Multi\")` = [a, b, c]");

        HttpResponse<String> implicit = Jdk.get(client, fixture.uri("/implicit"));
        assertEquals("5", implicit.headers().firstValue("Content-Length").orElseThrow());
        assertTrue(implicit.headers().firstValue("Date").isPresent());
        Observations.record(Scenario.IMPLICIT_HEADERS, Client.JDK, "Content-Length 5, Date present");

        HttpResponse<byte[]> big = client.send(Jdk.request(fixture.uri("/big-chunk")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(BIG + 4, big.body().length);
        assertArrayEquals(BIG_BODY, java.util.Arrays.copyOf(big.body(), BIG));
        Observations.record(Scenario.CHUNK_OVER_64K, Client.JDK, "102404 bytes intact");

        assertEquals("ab", Jdk.get(client, fixture.uri("/empty-write")).body());
        Observations.record(Scenario.EMPTY_WRITE, Client.JDK, "body `ab`");
        assertEquals(SMALL_WRITES, Jdk.get(client, fixture.uri("/small-writes")).body());
        Observations.record(Scenario.SMALL_WRITES, Client.JDK, "1000 bytes in order");
        assertEquals("data", Jdk.get(client, fixture.uri("/trailers")).body());
        Observations.record(Scenario.TRAILERS, Client.JDK, "body intact; trailers not exposed by the API");

        CompletableFuture<HttpResponse<String>> hinted = client.sendAsync(Jdk.request(fixture.uri("/hints")).build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = hinted.get(5, SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals("ok", response.body());
            Observations.record(Scenario.EARLY_HINTS, Client.JDK, "103 skipped, 200");
        } catch (java.util.concurrent.ExecutionException failed) {
            Observations.record(Scenario.EARLY_HINTS, Client.JDK, "JDK " + Runtime.version().feature()
                    + " fails the request: " + failed.getCause().getClass().getSimpleName());
        } catch (TimeoutException stuck) {
            hinted.cancel(true);
            Observations.record(Scenario.EARLY_HINTS, Client.JDK, "JDK " + Runtime.version().feature()
                    + ": no response within 5 s");
        }
    }

    @Test
    void curlSeesTheResponseApi() throws Exception {
        Curl.Result head = Curl.run("-v", fixture.uri("/write-head").toString());
        assertEquals(202, head.single().status());
        assertTrue(head.stderr().contains("< HTTP/1.1 202 Accepted Later"), head.stderr());
        Observations.record(Scenario.WRITE_HEAD, Client.CURL, "`HTTP/1.1 202 Accepted Later`");

        Curl.Result headers = Curl.run("-v", fixture.uri("/headers").toString());
        assertTrue(headers.stderr().contains("< X-Multi: a\r\n< X-Multi: b\r\n< X-Multi: c"), headers.stderr());
        Observations.record(Scenario.HEADER_API, Client.CURL, "3 `X-Multi` lines a, b, c");

        Curl.Result implicit = Curl.run("-v", fixture.uri("/implicit").toString());
        assertEquals("12345", implicit.single().output());
        assertTrue(implicit.stderr().contains("< Content-Length: 5"), implicit.stderr());
        Observations.record(Scenario.IMPLICIT_HEADERS, Client.CURL, "Content-Length 5");

        assertEquals(new String(BIG_BODY, java.nio.charset.StandardCharsets.ISO_8859_1) + "tail",
                Curl.run(fixture.uri("/big-chunk").toString()).single().output());
        Observations.record(Scenario.CHUNK_OVER_64K, Client.CURL, "102404 bytes intact");
        assertEquals("ab", Curl.run(fixture.uri("/empty-write").toString()).single().output());
        Observations.record(Scenario.EMPTY_WRITE, Client.CURL, "body `ab`");
        assertEquals(SMALL_WRITES, Curl.run(fixture.uri("/small-writes").toString()).single().output());
        Observations.record(Scenario.SMALL_WRITES, Client.CURL, "1000 bytes in order");

        Curl.Result trailers = Curl.run("-v", "--raw", fixture.uri("/trailers").toString());
        assertTrue(trailers.single().output().contains("X-Checksum: c0ffee"), trailers.toString());
        Observations.record(Scenario.TRAILERS, Client.CURL, "`--raw` shows `X-Checksum: c0ffee` after the last"
                + " chunk");

        Curl.Result hints = Curl.run("-v", fixture.uri("/hints").toString());
        assertEquals("ok", hints.single().output());
        assertTrue(hints.stderr().contains("< HTTP/1.1 103 Early Hints"), hints.stderr());
        assertTrue(hints.stderr().contains("< Link: </style.css>; rel=preload; as=style"), hints.stderr());
        Observations.record(Scenario.EARLY_HINTS, Client.CURL, "103 with Link, then 200");
    }

    @Test
    void nettyClientSeesTheResponseApi() throws Exception {
        try (NettyClient client = new NettyClient()) {
            NettyClient.Connection connection = client.connect(fixture.address());

            NettyClient.Received head = connection.send(NettyClient.get("/write-head")).next();
            assertEquals(202, head.status());
            assertEquals("Accepted Later", head.reason());
            Observations.record(Scenario.WRITE_HEAD, Client.NETTY, "202 `Accepted Later`, headers merged");

            NettyClient.Received headers = connection.send(NettyClient.get("/headers")).next();
            assertEquals(List.of("X-Multi", "X-Multi", "X-Multi"), names(headers.headers()).stream()
                    .filter(name -> name.equals("X-Multi")).toList());
            Observations.record(Scenario.HEADER_API, Client.NETTY, "3 `X-Multi` entries a, b, c");

            NettyClient.Received implicit = connection.send(NettyClient.get("/implicit")).next();
            assertEquals("5", implicit.header("Content-Length"));
            assertTrue(implicit.header("Date") != null);
            assertEquals("timeout=5", implicit.header("Keep-Alive"));
            Observations.record(Scenario.IMPLICIT_HEADERS, Client.NETTY, "Content-Length 5, Date, Keep-Alive");

            NettyClient.Received big = connection.send(NettyClient.get("/big-chunk")).next();
            assertEquals(BIG + 4, big.body().length);
            assertArrayEquals(BIG_BODY, java.util.Arrays.copyOf(big.body(), BIG));
            Observations.record(Scenario.CHUNK_OVER_64K, Client.NETTY, "102404 bytes intact");

            assertEquals("ab", connection.send(NettyClient.get("/empty-write")).next().text());
            Observations.record(Scenario.EMPTY_WRITE, Client.NETTY, "body `ab`");
            assertEquals(SMALL_WRITES, connection.send(NettyClient.get("/small-writes")).next().text());
            Observations.record(Scenario.SMALL_WRITES, Client.NETTY, "1000 bytes in order");

            NettyClient.Received trailers = connection.send(NettyClient.get("/trailers")).next();
            assertEquals(List.of(Map.entry("X-Checksum", "c0ffee")), trailers.trailers());
            Observations.record(Scenario.TRAILERS, Client.NETTY, "`trailingHeaders()` = X-Checksum: c0ffee");

            connection.send(NettyClient.get("/hints"));
            NettyClient.Received first = connection.next();
            NettyClient.Received second = first.status() == 103 ? connection.next() : null;
            assertEquals(200, (second == null ? first : second).status());
            Observations.record(Scenario.EARLY_HINTS, Client.NETTY, second == null ? "200 (103 not passed on)"
                    : "103 passed on as a response, then 200");
            assertTrue(connection.isOpen());
        }
    }
}
