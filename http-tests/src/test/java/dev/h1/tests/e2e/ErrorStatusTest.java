package dev.h1.tests.e2e;

import dev.h1.codec.DecoderConfig;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.RequestHandler;
import dev.h1.tests.e2e.Observations.Client;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Requests the decoder refuses, over real sockets: each is answered with its status and {@code Connection: close},
 * the connection closes, and the server goes on serving new connections. The decoder's limits here: the defaults
 * (request line 8 KiB, header section 16 KiB) and a body of at most {@value #MAX_BODY} bytes.
 */
@ExtendWith(Observations.class)
class ErrorStatusTest {

    private static final int MAX_BODY = 1024;
    private static final RequestHandler HELLO = (req, res) -> req.bodyBytes(1 << 20).thenAccept(body ->
            res.end("hello"));

    private static final String LONG_TARGET = "/" + "a".repeat(9000);
    private static final String BIG_VALUE = "v".repeat(20_000);

    private final ServerFixture fixture = new ServerFixture();

    @BeforeEach
    void start() {
        fixture.start(ServerFixture.connection()
                .decoder(DecoderConfig.builder().maxBodyBytes(MAX_BODY).build()), HELLO);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                arguments(Scenario.MALFORMED, "space in a field name", 400,
                        "GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n"),
                arguments(Scenario.MALFORMED, "bare LF", 400, "GET / HTTP/1.1\r\nHost: a\r\nX: a\nY: b\r\n\r\n"),
                arguments(Scenario.HEADERS_TOO_LARGE, "20 KB field", 431,
                        "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + BIG_VALUE + "\r\n\r\n"),
                arguments(Scenario.TARGET_TOO_LONG, "9 KB target", 414,
                        "GET " + LONG_TARGET + " HTTP/1.1\r\nHost: a\r\n\r\n"),
                arguments(Scenario.BODY_TOO_LARGE, "Content-Length 2048", 413,
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2048\r\n\r\n" + "x".repeat(2048)),
                arguments(Scenario.BODY_TOO_LARGE, "chunked 2 × 800", 413, "POST / HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n320\r\n" + "x".repeat(800) + "\r\n320\r\n"
                        + "x".repeat(800) + "\r\n0\r\n\r\n"),
                arguments(Scenario.UNKNOWN_CODING, "`x-custom, chunked`", 501, "POST / HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding: x-custom, chunked\r\n\r\n0\r\n\r\n"),
                arguments(Scenario.HTTP2_VERSION, "`GET / HTTP/2.0`", 505, "GET / HTTP/2.0\r\nHost: a\r\n\r\n"));
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource("refusedRequests")
    void rawClientGetsTheStatusThenCloseAndTheServerServesOthers(Scenario scenario, String what, int status,
                                                                  String request)
            throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse response = raw.send(request).read();

            assertEquals(status, response.status(), response.toString());
            assertEquals("close", response.header("Connection"));
            raw.awaitClose();
        }
        assertEquals(CloseReason.PARSE_ERROR, fixture.connections.awaitClose(1));
        try (RawConnection next = RawConnection.open(fixture.address())) {
            assertEquals(200, next.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().status());
        }
        Observations.record(scenario, Client.RAW, what + ": " + status + " with `Connection: close`, closed; next"
                + " connection served");
    }

    @Test
    void jdkClientGetsTheLimitStatuses() throws Exception {
        var client = Jdk.client();
        HttpResponse<String> target = Jdk.get(client, fixture.uri(LONG_TARGET));
        HttpResponse<String> headers = client.send(Jdk.request(fixture.uri("/")).header("X-Big", BIG_VALUE).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> body = client.send(Jdk.request(fixture.uri("/"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2048))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(414, target.statusCode());
        assertEquals(431, headers.statusCode());
        assertEquals(413, body.statusCode());
        assertEquals(200, Jdk.get(client, fixture.uri("/")).statusCode());
        Observations.record(Scenario.TARGET_TOO_LONG, Client.JDK, "414");
        Observations.record(Scenario.HEADERS_TOO_LARGE, Client.JDK, "431");
        Observations.record(Scenario.BODY_TOO_LARGE, Client.JDK, "2 KiB: 413");
        notApplicableToWellFormedClients(Client.JDK);
    }

    @Test
    void curlGetsTheLimitStatuses() throws Exception {
        assertEquals(414, Curl.run(fixture.uri(LONG_TARGET).toString()).single().status());
        assertEquals(431, Curl.run("-H", "X-Big: " + BIG_VALUE, fixture.uri("/").toString()).single().status());
        assertEquals(413, Curl.run("--data-binary", "x".repeat(2048), fixture.uri("/").toString()).single()
                .status());
        Observations.record(Scenario.TARGET_TOO_LONG, Client.CURL, "414");
        Observations.record(Scenario.HEADERS_TOO_LARGE, Client.CURL, "431");
        Observations.record(Scenario.BODY_TOO_LARGE, Client.CURL, "2 KiB: 413");
        notApplicableToWellFormedClients(Client.CURL);
    }

    @Test
    void nettyClientGetsTheLimitStatusesAndTheChannelCloses() throws Exception {
        try (NettyClient client = new NettyClient()) {
            int[] statuses = new int[3];
            var requests = new io.netty.handler.codec.http.FullHttpRequest[] {
                NettyClient.get(LONG_TARGET),
                NettyClient.get("/", "X-Big", BIG_VALUE),
                NettyClient.request(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", new byte[2048]),
            };
            for (int i = 0; i < requests.length; i++) {
                NettyClient.Connection connection = client.connect(fixture.address());
                NettyClient.Received response = connection.send(requests[i]).next();
                statuses[i] = response.status();
                assertEquals("close", response.header("Connection"));
                assertTrue(connection.awaitClosed());
            }
            assertEquals(414, statuses[0]);
            assertEquals(431, statuses[1]);
            assertEquals(413, statuses[2]);
        }
        Observations.record(Scenario.TARGET_TOO_LONG, Client.NETTY, "414, channel closed");
        Observations.record(Scenario.HEADERS_TOO_LARGE, Client.NETTY, "431, channel closed");
        Observations.record(Scenario.BODY_TOO_LARGE, Client.NETTY, "2 KiB: 413, channel closed");
        notApplicableToWellFormedClients(Client.NETTY);
    }

    private static void notApplicableToWellFormedClients(Client client) {
        Observations.notApplicable(Scenario.MALFORMED, client, "sends well-formed requests only");
        Observations.notApplicable(Scenario.UNKNOWN_CODING, client, "sends well-formed requests only");
        Observations.notApplicable(Scenario.HTTP2_VERSION, client, "sends well-formed requests only");
    }
}
