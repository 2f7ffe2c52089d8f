package dev.h1.tests.e2e;

import dev.h1.server.api.CloseReason;
import dev.h1.server.api.RequestHandler;
import dev.h1.tests.e2e.Observations.Client;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static dev.h1.tests.e2e.ServerFixture.CONNECTION_HEADER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whether a connection is kept after a response (RFC 9112 §9.3): HTTP/1.0 with and without keep-alive,
 * {@code Connection: close} from the client or the handler, and the per-connection request limit.
 */
@ExtendWith(Observations.class)
class PersistenceTest {

    /** "METHOD target"; on {@code /close} the handler asks for the connection to close. */
    private static final RequestHandler HANDLER = (req, res) -> {
        if (req.path().equals("/close")) {
            res.setHeader("Connection", "close");
        }
        res.end(req.method() + " " + req.url());
    };

    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void start() {
        fixture.start(fixture.tagged(HANDLER));
    }

    private static List<Integer> connects(List<Curl.Transfer> transfers) {
        return transfers.stream().map(Curl.Transfer::connects).toList();
    }

    // ---- HTTP/1.0 ----

    @Test
    void rawHttp10RequestWithoutKeepAliveGetsOneResponseThenClose() throws Exception {
        start();
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse response = raw.send("GET /old HTTP/1.0\r\n\r\n").read();

            assertEquals(200, response.status());
            assertEquals("close", response.header("Connection"));
            assertEquals("GET /old", response.text());
            raw.awaitClose();
            Observations.record(Scenario.HTTP10_CLOSE, Client.RAW, "`" + response.statusLine()
                    + "`, `Connection: close`, Content-Length, then closed");
        }
        assertEquals(CloseReason.NOT_PERSISTENT, fixture.connections.awaitClose(1));
    }

    @Test
    void rawHttp10KeepAliveRequestKeepsTheConnection() throws Exception {
        start();
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse first = raw.send("GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            RawResponse second = raw.send("GET /2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();

            assertEquals("keep-alive", first.header("Connection"));
            assertEquals("6", first.header("Content-Length"));
            assertEquals("GET /2", second.text());
            assertEquals("1", second.header(CONNECTION_HEADER));
        }
        Observations.record(Scenario.HTTP10_KEEP_ALIVE, Client.RAW,
                "`Connection: keep-alive` + Content-Length; 2nd request on the same socket");
    }

    @Test
    void curlHttp10WithAndWithoutKeepAlive() throws Exception {
        start();
        String a = fixture.uri("/a").toString();
        String b = fixture.uri("/b").toString();

        List<Curl.Transfer> plain = Curl.run("--http1.0", a, b).all();
        List<Curl.Transfer> keepAlive = Curl.run("--http1.0", "-H", "Connection: keep-alive", a, b).all();

        assertEquals(List.of(200, 200), plain.stream().map(Curl.Transfer::status).toList());
        assertEquals(List.of(1, 1), connects(plain), "HTTP/1.0 without keep-alive: a new connection each time");
        assertEquals(List.of(1, 0), connects(keepAlive), "HTTP/1.0 keep-alive: reused");
        Observations.record(Scenario.HTTP10_CLOSE, Client.CURL, "2 × 200, num_connects 1, 1");
        Observations.record(Scenario.HTTP10_KEEP_ALIVE, Client.CURL, "2 × 200, num_connects 1, 0");
    }

    @Test
    void nettyHttp10WithAndWithoutKeepAlive() throws Exception {
        start();
        try (NettyClient client = new NettyClient()) {
            NettyClient.Connection closing = client.connect(fixture.address());
            NettyClient.Received response = closing.send(
                    NettyClient.request(HttpVersion.HTTP_1_0, HttpMethod.GET, "/a")).next();
            assertEquals(200, response.status());
            assertTrue(closing.awaitClosed(), "the server closes after an HTTP/1.0 response");

            NettyClient.Connection keeping = client.connect(fixture.address());
            for (int i = 0; i < 2; i++) {
                NettyClient.Received kept = keeping.send(NettyClient.request(HttpVersion.HTTP_1_0, HttpMethod.GET,
                        "/b", "Connection", "keep-alive")).next();
                assertEquals("keep-alive", kept.header("Connection"));
                assertEquals("GET /b", kept.text());
            }
            assertTrue(keeping.isOpen());
        }
        Observations.record(Scenario.HTTP10_CLOSE, Client.NETTY, "200, channel closed by the server");
        Observations.record(Scenario.HTTP10_KEEP_ALIVE, Client.NETTY, "2 × 200 on one channel");
        Observations.notApplicable(Scenario.HTTP10_CLOSE, Client.JDK, "speaks HTTP/1.1 and HTTP/2 only");
        Observations.notApplicable(Scenario.HTTP10_KEEP_ALIVE, Client.JDK, "speaks HTTP/1.1 and HTTP/2 only");
    }

    // ---- Connection: close ----

    @Test
    void rawClientConnectionCloseEndsTheConnectionAfterTheResponse() throws Exception {
        start();
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse response = raw.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").read();

            assertEquals(200, response.status());
            assertEquals("close", response.header("Connection"));
            assertNull(response.header("Keep-Alive"));
            raw.awaitClose();
        }
        assertEquals(CloseReason.NOT_PERSISTENT, fixture.connections.awaitClose(1));
        Observations.record(Scenario.CLIENT_CLOSE, Client.RAW, "200 with `Connection: close`, then closed");
    }

    @Test
    void curlAndNettyClientConnectionClose() throws Exception {
        start();
        List<Curl.Transfer> transfers = Curl.run("-H", "Connection: close", fixture.uri("/a").toString(),
                fixture.uri("/b").toString()).all();
        assertEquals(List.of(1, 1), connects(transfers));

        try (NettyClient client = new NettyClient()) {
            NettyClient.Connection connection = client.connect(fixture.address());
            NettyClient.Received response = connection.send(NettyClient.get("/a", "Connection", "close")).next();
            assertEquals("close", response.header("Connection"));
            assertTrue(connection.awaitClosed());
        }
        Observations.record(Scenario.CLIENT_CLOSE, Client.CURL, "2 × 200, num_connects 1, 1");
        Observations.record(Scenario.CLIENT_CLOSE, Client.NETTY, "200 with `Connection: close`, channel closed");
    }

    @Test
    void jdkClientCannotSendConnectionClose() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Jdk.request(java.net.URI.create("http://127.0.0.1/")).header("Connection", "close"));

        assertTrue(refused.getMessage().contains("restricted"), refused.getMessage());
        Observations.notApplicable(Scenario.CLIENT_CLOSE, Client.JDK, "`Connection` is a restricted header");
    }

    @Test
    void handlerConnectionCloseEndsTheConnectionForEveryClient() throws Exception {
        start();
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse response = raw.send("GET /close HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertEquals("close", response.header("Connection"));
            raw.awaitClose();
        }
        assertEquals(CloseReason.APPLICATION_CLOSED, fixture.connections.awaitClose(1));
        Observations.record(Scenario.SERVER_CLOSE, Client.RAW, "200 with `Connection: close`, then closed");

        HttpClient jdk = Jdk.client();
        HttpResponse<String> closing = Jdk.get(jdk, fixture.uri("/close"));
        HttpResponse<String> next = Jdk.get(jdk, fixture.uri("/after"));
        assertEquals("close", closing.headers().firstValue("Connection").orElseThrow());
        assertEquals(200, next.statusCode());
        assertEquals(List.of("2", "3"), List.of(closing.headers().firstValue(CONNECTION_HEADER).orElseThrow(),
                next.headers().firstValue(CONNECTION_HEADER).orElseThrow()), "the next request on a new connection");
        Observations.record(Scenario.SERVER_CLOSE, Client.JDK, "200, next request on a new connection");

        List<Curl.Transfer> transfers = Curl.run(fixture.uri("/close").toString(), fixture.uri("/b").toString())
                .all();
        assertEquals(List.of(1, 1), connects(transfers));
        Observations.record(Scenario.SERVER_CLOSE, Client.CURL, "2 × 200, num_connects 1, 1");

        try (NettyClient client = new NettyClient()) {
            NettyClient.Connection connection = client.connect(fixture.address());
            assertEquals("close", connection.send(NettyClient.get("/close")).next().header("Connection"));
            assertTrue(connection.awaitClosed());
        }
        Observations.record(Scenario.SERVER_CLOSE, Client.NETTY, "200 with `Connection: close`, channel closed");
    }

    // ---- maxRequestsPerConnection ----

    @Test
    void rawClientSeesTheLastAllowedResponseCloseTheConnection() throws Exception {
        fixture.start(ServerFixture.connection().maxRequestsPerConnection(3), fixture.tagged(HANDLER));
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            List<String> connectionFields = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                connectionFields.add(String.valueOf(raw.send("GET /" + i + " HTTP/1.1\r\nHost: a\r\n\r\n").read()
                        .header("Connection")));
            }
            assertEquals(List.of("null", "null", "close"), connectionFields);
            raw.awaitClose();
        }
        assertEquals(CloseReason.MAX_REQUESTS, fixture.connections.awaitClose(1));

        // Pipelined past the limit: the fourth request is answered 503 with close, as Node does ('dropRequest').
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            raw.send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n".repeat(4));
            for (int i = 0; i < 3; i++) {
                assertEquals(200, raw.read().status());
            }
            RawResponse dropped = raw.read();
            assertEquals(503, dropped.status());
            assertEquals("close", dropped.header("Connection"));
            raw.awaitClose();
        }
        Observations.record(Scenario.MAX_REQUESTS, Client.RAW, "3rd response has `Connection: close`, then closed;"
                + " a 4th pipelined request gets 503 with `Connection: close` (Node's 'dropRequest')");
    }

    @Test
    void clientsOpenANewConnectionAfterTheLimit() throws Exception {
        fixture.start(ServerFixture.connection().maxRequestsPerConnection(3), fixture.tagged(HANDLER));

        HttpClient jdk = Jdk.client();
        List<String> connections = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            HttpResponse<String> response = Jdk.get(jdk, fixture.uri("/" + i));
            assertEquals(200, response.statusCode());
            connections.add(response.headers().firstValue(CONNECTION_HEADER).orElseThrow());
        }
        assertEquals(List.of("1", "1", "1", "2"), connections);
        Observations.record(Scenario.MAX_REQUESTS, Client.JDK, "4 × 200 on server connections 1, 1, 1, 2");

        List<Curl.Transfer> transfers = Curl.run(fixture.uri("/1").toString(), fixture.uri("/2").toString(),
                fixture.uri("/3").toString(), fixture.uri("/4").toString()).all();
        assertEquals(List.of(1, 0, 0, 1), connects(transfers));
        Observations.record(Scenario.MAX_REQUESTS, Client.CURL, "4 × 200, num_connects 1, 0, 0, 1");

        try (NettyClient client = new NettyClient()) {
            NettyClient.Connection connection = client.connect(fixture.address());
            List<String> fields = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                fields.add(String.valueOf(connection.send(NettyClient.get("/" + i)).next().header("Connection")));
            }
            assertEquals(List.of("null", "null", "close"), fields);
            assertTrue(connection.awaitClosed());
        }
        Observations.record(Scenario.MAX_REQUESTS, Client.NETTY, "3rd response has `Connection: close`,"
                + " channel closed");
    }
}
