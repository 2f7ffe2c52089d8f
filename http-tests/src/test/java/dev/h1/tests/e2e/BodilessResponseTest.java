package dev.h1.tests.e2e;

import dev.h1.server.api.RequestHandler;
import dev.h1.tests.e2e.Observations.Client;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static dev.h1.tests.e2e.ServerFixture.CONNECTION_HEADER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HEAD, 204 and 304 answers carry no body (RFC 9110 §6.4.1), and the connection stays usable: the next response on it
 * is read correctly, which it would not be if a stray body had been sent.
 */
@ExtendWith(Observations.class)
class BodilessResponseTest {

    /** Every route ends with a body; the server must drop it where the status or method has none. */
    private static final RequestHandler ROUTES = (req, res) -> {
        switch (req.path()) {
            case "/204" -> res.statusCode(204).end();
            case "/304" -> {
                res.setHeader("ETag", "\"v1\"");
                res.statusCode(304).end();
            }
            default -> res.end("hello");
        }
    };

    private final ServerFixture fixture = new ServerFixture();

    @BeforeEach
    void start() {
        fixture.start(fixture.tagged(ROUTES));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void rawClientReadsNoBodyAndReusesTheConnection() throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse head = raw.send("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
            assertEquals(200, head.status());
            assertEquals("5", head.header("Content-Length"), "HEAD announces the length GET would have");
            assertEquals("hello", raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().text());
            Observations.record(Scenario.HEAD, Client.RAW,
                    "200 with Content-Length 5, no body; next GET reads `hello`");

            RawResponse noContent = raw.send("GET /204 HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertEquals(204, noContent.status());
            assertNull(noContent.header("Content-Length"));
            assertNull(noContent.header("Transfer-Encoding"));
            assertEquals("hello", raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().text());
            Observations.record(Scenario.NO_CONTENT, Client.RAW, "204 without Content-Length or Transfer-Encoding;"
                    + " next GET reads `hello`");

            RawResponse notModified = raw.send("GET /304 HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertEquals(304, notModified.status());
            assertEquals("\"v1\"", notModified.header("ETag"));
            assertNull(notModified.header("Transfer-Encoding"));
            RawResponse last = raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertEquals("hello", last.text());
            assertEquals("1", last.header(CONNECTION_HEADER));
            Observations.record(Scenario.NOT_MODIFIED, Client.RAW, "304 with ETag, no body; next GET reads `hello`");
        }
    }

    @Test
    void jdkClientGetsEmptyBodiesOnOneConnection() throws Exception {
        HttpClient client = Jdk.client();
        HttpResponse<String> head = client.send(Jdk.request(fixture.uri("/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noContent = Jdk.get(client, fixture.uri("/204"));
        HttpResponse<String> notModified = Jdk.get(client, fixture.uri("/304"));
        HttpResponse<String> last = Jdk.get(client, fixture.uri("/"));

        assertEquals(List.of(200, 204, 304, 200), List.of(head.statusCode(), noContent.statusCode(),
                notModified.statusCode(), last.statusCode()));
        assertEquals(List.of("", "", "", "hello"), List.of(head.body(), noContent.body(), notModified.body(),
                last.body()));
        assertEquals("1", last.headers().firstValue(CONNECTION_HEADER).orElseThrow());
        Observations.record(Scenario.HEAD, Client.JDK, "200, empty body; connection reused");
        Observations.record(Scenario.NO_CONTENT, Client.JDK, "204, empty body; connection reused");
        Observations.record(Scenario.NOT_MODIFIED, Client.JDK, "304, empty body; connection reused");
    }

    @Test
    void curlGetsEmptyBodiesOnOneConnection() throws Exception {
        List<Curl.Transfer> head = Curl.run("-I", fixture.uri("/").toString(), "--next", fixture.uri("/").toString())
                .all();
        assertEquals(List.of(200, 200), head.stream().map(Curl.Transfer::status).toList());
        assertTrue(head.get(0).output().contains("Content-Length: 5"), head.get(0).output());
        assertEquals("hello", head.get(1).output());
        assertEquals(List.of(1, 0), head.stream().map(Curl.Transfer::connects).toList());

        List<Curl.Transfer> transfers = Curl.run(fixture.uri("/204").toString(), fixture.uri("/304").toString(),
                fixture.uri("/").toString()).all();
        assertEquals(List.of(204, 304, 200), transfers.stream().map(Curl.Transfer::status).toList());
        assertEquals(List.of("", "", "hello"), transfers.stream().map(Curl.Transfer::output).toList());
        assertEquals(List.of(1, 0, 0), transfers.stream().map(Curl.Transfer::connects).toList());
        Observations.record(Scenario.HEAD, Client.CURL, "`-I`: 200 with Content-Length 5; next GET reuses the"
                + " connection");
        Observations.record(Scenario.NO_CONTENT, Client.CURL, "204, empty; next transfer reuses the connection");
        Observations.record(Scenario.NOT_MODIFIED, Client.CURL, "304, empty; next transfer reuses the connection");
    }

    @Test
    void nettyClientGetsEmptyBodiesOnOneChannel() throws Exception {
        try (NettyClient client = new NettyClient()) {
            NettyClient.Connection connection = client.connect(fixture.address());
            NettyClient.Received head = connection.send(
                    NettyClient.request(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/")).next();
            NettyClient.Received noContent = connection.send(NettyClient.get("/204")).next();
            NettyClient.Received notModified = connection.send(NettyClient.get("/304")).next();
            NettyClient.Received last = connection.send(NettyClient.get("/")).next();

            assertEquals(List.of(200, 204, 304, 200), List.of(head.status(), noContent.status(),
                    notModified.status(), last.status()));
            assertEquals(List.of(0, 0, 0), List.of(head.body().length, noContent.body().length,
                    notModified.body().length));
            assertEquals("hello", last.text());
            assertEquals("1", last.header(CONNECTION_HEADER));
        }
        Observations.record(Scenario.HEAD, Client.NETTY, "200, empty content; channel reused");
        Observations.record(Scenario.NO_CONTENT, Client.NETTY, "204, empty content; channel reused");
        Observations.record(Scenario.NOT_MODIFIED, Client.NETTY, "304, empty content; channel reused");
    }
}
