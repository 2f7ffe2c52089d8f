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
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.h1.tests.e2e.ServerFixture.CONNECTION_HEADER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One exchange, several exchanges on one keep-alive connection, and pipelining, with every client. */
@ExtendWith(Observations.class)
class ConnectionReuseTest {

    /** Answers "METHOD target body-length" as text, after reading the whole body. */
    static final RequestHandler DESCRIBE = (req, res) -> req.bodyBytes(1 << 20).thenAccept(body -> {
        res.setHeader("Content-Type", "text/plain; charset=utf-8");
        res.end(req.method() + " " + req.url() + " " + body.length);
    });

    private final ServerFixture fixture = new ServerFixture();

    @BeforeEach
    void start() {
        fixture.start(fixture.tagged(DESCRIBE));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void jdkClientGetsOneResponse() throws Exception {
        HttpResponse<String> response = Jdk.get(Jdk.client(), fixture.uri("/hello?x=1"));

        assertEquals(200, response.statusCode());
        assertEquals("GET /hello?x=1 0", response.body());
        assertEquals("16", response.headers().firstValue("Content-Length").orElseThrow());
        Observations.record(Scenario.ONE_EXCHANGE, Client.JDK, "200, Content-Length 16, body intact");
    }

    @Test
    void nettyClientGetsOneResponse() throws Exception {
        try (NettyClient client = new NettyClient()) {
            NettyClient.Received response = client.connect(fixture.address())
                    .send(NettyClient.get("/hello?x=1")).next();

            assertEquals(200, response.status());
            assertEquals("OK", response.reason());
            assertEquals("GET /hello?x=1 0", response.text());
            assertEquals("16", response.header("Content-Length"));
        }
        Observations.record(Scenario.ONE_EXCHANGE, Client.NETTY, "200 OK, Content-Length 16, body intact");
    }

    @Test
    void curlGetsOneResponse() throws Exception {
        Curl.Transfer transfer = Curl.run(fixture.uri("/hello?x=1").toString()).single();

        assertEquals(200, transfer.status());
        assertEquals("GET /hello?x=1 0", transfer.output());
        Observations.record(Scenario.ONE_EXCHANGE, Client.CURL, "200, body intact");
    }

    @Test
    void rawClientGetsOneResponse() throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse response = raw.send("GET /hello?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").read();

            assertEquals("HTTP/1.1 200 OK", response.statusLine());
            assertEquals("16", response.header("Content-Length"));
            assertNull(response.header("Transfer-Encoding"));
            assertEquals("GET /hello?x=1 0", response.text());
        }
        Observations.record(Scenario.ONE_EXCHANGE, Client.RAW, "`HTTP/1.1 200 OK`, Content-Length 16, body intact");
    }

    @Test
    void jdkClientReusesTheConnectionForThreeRequests() throws Exception {
        HttpClient client = Jdk.client();
        List<String> connections = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> response = Jdk.get(client, fixture.uri("/" + i));
            assertEquals(200, response.statusCode());
            assertEquals("GET /" + i + " 0", response.body());
            connections.add(response.headers().firstValue(CONNECTION_HEADER).orElseThrow());
        }

        assertEquals(List.of("1", "1", "1"), connections);
        assertEquals(1, fixture.connections.opened());
        Observations.record(Scenario.KEEP_ALIVE, Client.JDK, "3 × 200 on server connection #1 (1 opened)");
    }

    @Test
    void nettyClientSendsThreeRequestsOnOneChannel() throws Exception {
        List<String> connections = new ArrayList<>();
        try (NettyClient client = new NettyClient()) {
            NettyClient.Connection connection = client.connect(fixture.address());
            for (int i = 1; i <= 3; i++) {
                NettyClient.Received response = connection.send(NettyClient.get("/" + i)).next();
                assertEquals(200, response.status());
                assertEquals("GET /" + i + " 0", response.text());
                connections.add(response.header(CONNECTION_HEADER));
            }
            assertTrue(connection.isOpen(), "the channel stays open");
        }

        assertEquals(List.of("1", "1", "1"), connections);
        assertEquals(1, fixture.connections.opened());
        Observations.record(Scenario.KEEP_ALIVE, Client.NETTY, "3 × 200 on one channel, still open afterwards");
    }

    @Test
    void curlReusesTheConnectionForThreeUrls() throws Exception {
        List<Curl.Transfer> transfers = Curl.run(fixture.uri("/1").toString(), fixture.uri("/2").toString(),
                fixture.uri("/3").toString()).all();

        assertEquals(List.of(200, 200, 200), transfers.stream().map(Curl.Transfer::status).toList());
        assertEquals(List.of(1, 0, 0), transfers.stream().map(Curl.Transfer::connects).toList(),
                "num_connects: 1 = new connection, 0 = reused");
        assertEquals(1, fixture.connections.opened());
        Observations.record(Scenario.KEEP_ALIVE, Client.CURL, "3 × 200, num_connects 1, 0, 0");
    }

    @Test
    void rawClientSendsThreeRequestsOneAfterTheOther() throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            for (int i = 1; i <= 3; i++) {
                RawResponse response = raw.send("GET /" + i + " HTTP/1.1\r\nHost: a\r\n\r\n").read();
                assertEquals(200, response.status());
                assertEquals("GET /" + i + " 0", response.text());
                assertEquals("1", response.header(CONNECTION_HEADER));
                assertNull(response.header("Connection"));
            }
        }
        assertEquals(1, fixture.connections.opened());
        Observations.record(Scenario.KEEP_ALIVE, Client.RAW, "3 × 200 on one socket, no `Connection: close`");
    }

    @Test
    void rawClientPipelinesThreeRequestsInOneWrite() throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            raw.send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n");

            assertEquals("GET /1 0", raw.read().text());
            assertEquals("POST /2 3", raw.read().text());
            RawResponse third = raw.read();
            assertEquals("GET /3 0", third.text());
            assertEquals("1", third.header(CONNECTION_HEADER));
        }
        Observations.record(Scenario.PIPELINING, Client.RAW, "3 responses in request order on one socket");
    }

    @Test
    void nettyClientPipelinesThreeRequests() throws Exception {
        List<String> bodies = new ArrayList<>();
        try (NettyClient client = new NettyClient()) {
            NettyClient.Connection connection = client.connect(fixture.address());
            connection.send(NettyClient.get("/1"))
                    .send(NettyClient.request(HttpVersion.HTTP_1_1, HttpMethod.POST, "/2",
                            "abc".getBytes(StandardCharsets.US_ASCII)))
                    .send(NettyClient.get("/3"));
            for (int i = 0; i < 3; i++) {
                bodies.add(connection.next().text());
            }
        }

        assertEquals(List.of("GET /1 0", "POST /2 3", "GET /3 0"), bodies);
        assertEquals(1, fixture.connections.opened());
        Observations.record(Scenario.PIPELINING, Client.NETTY, "3 responses in request order on one channel");
        Observations.notApplicable(Scenario.PIPELINING, Client.JDK, "sends one request at a time");
        Observations.notApplicable(Scenario.PIPELINING, Client.CURL, "no pipelining (removed in 7.62)");
    }
}
