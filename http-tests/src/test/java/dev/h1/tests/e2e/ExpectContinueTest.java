package dev.h1.tests.e2e;

import dev.h1.server.api.CloseReason;
import dev.h1.server.api.CheckContinueHandler;
import dev.h1.server.api.RequestHandler;
import dev.h1.tests.e2e.Observations.Client;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import static dev.h1.tests.e2e.ServerFixture.CONNECTION_HEADER;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Expect: 100-continue} (RFC 9110 §10.1.1): a client that waits for 100 before its body, one that sends the body
 * at once, and a refusal with a final status before the body, after which the connection is not reused.
 */
@ExtendWith(Observations.class)
class ExpectContinueTest {

    /** Reads the body (which sends 100 by default) and answers "got <body>". */
    private static final RequestHandler ECHO = (req, res) ->
            req.bodyString(1 << 20, StandardCharsets.UTF_8).thenAccept(body -> res.end("got " + body));

    /** Refuses bodies over 10 bytes with 413 before they are sent; accepts the others with 100. */
    private static final CheckContinueHandler REFUSE_LARGE = (req, res) -> {
        if (Long.parseLong(req.header("Content-Length")) > 10) {
            res.statusCode(413).end("too large");
        } else {
            res.writeContinue();
            ECHO.handle(req, res);
        }
    };

    private static final String EXPECT_HEAD = "POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
            + "Content-Length: 5\r\n\r\n";

    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void rawClientWaitsFor100ThenSendsTheBody() throws Exception {
        fixture.start(fixture.tagged(ECHO));
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse interim = raw.send(EXPECT_HEAD).read();
            assertEquals("HTTP/1.1 100 Continue", interim.statusLine());

            RawResponse response = raw.send("hello").read();
            assertEquals("got hello", response.text());
            RawResponse next = raw.send("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").read();
            assertEquals(200, next.status());
            assertEquals("1", next.header(CONNECTION_HEADER));
        }
        Observations.record(Scenario.EXPECT_WAITS, Client.RAW, "`100 Continue` before the body; 200; connection"
                + " reused");
    }

    @Test
    void rawClientSendsTheBodyWithoutWaiting() throws Exception {
        fixture.start(fixture.tagged(ECHO));
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse response = raw.send(EXPECT_HEAD + "hello").readFinal();
            assertEquals("got hello", response.text());
            // SERVER.md: without a CheckContinueHandler, 100 is sent when the handler first asks for the body,
            // which ECHO does at once: the body is still on its way then, whether or not the client waits.
            assertEquals(List.of("HTTP/1.1 100 Continue"),
                    response.interim().stream().map(RawResponse::statusLine).toList());

            RawResponse next = raw.send("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").read();
            assertEquals("1", next.header(CONNECTION_HEADER));
            Observations.record(Scenario.EXPECT_SENDS_ANYWAY, Client.RAW, response.interim().size()
                    + " × 100, then 200; connection reused");
        }
    }

    @Test
    void rawClientIsRefusedBeforeItsBodyAndTheConnectionCloses() throws Exception {
        fixture.start(ServerFixture.connection().checkContinueHandler(REFUSE_LARGE), fixture.tagged(ECHO));
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse response = raw.send("POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 100\r\n\r\n").read();

            assertEquals(413, response.status());
            assertEquals("too large", response.text());
            assertEquals("close", response.header("Connection"));
            raw.awaitClose();
        }
        assertEquals(CloseReason.NOT_PERSISTENT, fixture.connections.awaitClose(1));
        Observations.record(Scenario.EXPECT_REJECTED, Client.RAW, "413 without 100, `Connection: close`, closed");
    }

    @Test
    void anUnknownExpectationIsAnswered417() throws Exception {
        fixture.start(fixture.tagged(ECHO));
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse response = raw.send("POST /e HTTP/1.1\r\nHost: a\r\nExpect: something-else\r\n"
                    + "Content-Length: 5\r\n\r\n").read();

            assertEquals(417, response.status());
            assertEquals("close", response.header("Connection"));
            raw.awaitClose();
        }
        Observations.record(Scenario.EXPECT_REJECTED, Client.RAW, "`Expect: something-else`: 417, closed");
    }

    @Test
    void jdkClientWithExpectContinue() throws Exception {
        fixture.start(ServerFixture.connection().checkContinueHandler(REFUSE_LARGE), fixture.tagged(ECHO));
        var client = Jdk.client();

        HttpResponse<String> accepted = client.send(Jdk.request(fixture.uri("/e")).expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("got hello", accepted.body());
        Observations.record(Scenario.EXPECT_WAITS, Client.JDK, "`expectContinue(true)`: 200");

        // JDK 17 keeps waiting for 100 when the server answers with a final status instead, even after the server
        // closed the connection: the server's part is asserted through its connection log either way.
        CompletableFuture<HttpResponse<String>> refused = Jdk.client().sendAsync(Jdk.request(fixture.uri("/e"))
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofString("x".repeat(100))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(CloseReason.NOT_PERSISTENT, fixture.connections.awaitClose(2)); // a second client: connection 2
        try {
            HttpResponse<String> response = refused.get(5, SECONDS);
            assertEquals(413, response.statusCode());
            Observations.record(Scenario.EXPECT_REJECTED, Client.JDK, "413");
        } catch (TimeoutException stillWaiting) {
            refused.cancel(true);
            Observations.record(Scenario.EXPECT_REJECTED, Client.JDK, "server sent 413 and closed; JDK "
                    + Runtime.version().feature() + " still waits for 100 (no response within 5 s)");
        }
        Observations.notApplicable(Scenario.EXPECT_SENDS_ANYWAY, Client.JDK, "always waits when asked to expect");
    }

    @Test
    void curlWithExpectContinue() throws Exception {
        fixture.start(ServerFixture.connection().checkContinueHandler(REFUSE_LARGE), fixture.tagged(ECHO));

        Curl.Result accepted = Curl.run("-v", "-H", "Expect: 100-continue", "--data-binary", "hello",
                fixture.uri("/e").toString());
        assertEquals("got hello", accepted.single().output());
        assertTrue(accepted.stderr().contains("< HTTP/1.1 100 Continue"), accepted.stderr());
        Observations.record(Scenario.EXPECT_WAITS, Client.CURL, "`-H 'Expect: 100-continue'`: 100, then 200");

        Curl.Result refused = Curl.run("-v", "-H", "Expect: 100-continue", "--data-binary", "x".repeat(100),
                fixture.uri("/e").toString());
        assertEquals(413, refused.single().status());
        assertTrue(refused.stderr().contains("< Connection: close"), refused.stderr());
        Observations.record(Scenario.EXPECT_REJECTED, Client.CURL, "413 with `Connection: close`, no 100");
        Observations.notApplicable(Scenario.EXPECT_SENDS_ANYWAY, Client.CURL, "waits for 100 (up to 1 s)");
    }

    @Test
    void nettyClientSendsTheBodyWithoutWaiting() throws Exception {
        fixture.start(fixture.tagged(ECHO));
        try (NettyClient client = new NettyClient()) {
            NettyClient.Connection connection = client.connect(fixture.address());
            connection.send(NettyClient.request(HttpVersion.HTTP_1_1, HttpMethod.POST, "/e",
                    "hello".getBytes(StandardCharsets.US_ASCII), "Expect", "100-continue"));
            List<Integer> statuses = new ArrayList<>();
            NettyClient.Received response = connection.next();
            while (response.status() < 200) {
                statuses.add(response.status());
                response = connection.next();
            }
            statuses.add(response.status());
            assertEquals(List.of(100, 200), statuses, "one 100 (Continue) as ECHO asks for the body, then 200");
            assertEquals("got hello", response.text());
            NettyClient.Received next = connection.send(NettyClient.get("/")).next();
            assertEquals("1", next.header(CONNECTION_HEADER));
            Observations.record(Scenario.EXPECT_SENDS_ANYWAY, Client.NETTY, "saw " + statuses
                    + "; connection reused");
        }
        Observations.notApplicable(Scenario.EXPECT_WAITS, Client.NETTY, "the codec does not wait for 100");
        Observations.notApplicable(Scenario.EXPECT_REJECTED, Client.NETTY, "the codec does not wait for 100");
    }
}
