package dev.h1.tests.e2e;

import dev.h1.codec.Headers;
import dev.h1.server.api.RequestHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Node-parity additions of issue 12 as a raw client sees them on the wire: Node's merged header view, headers from
 * maps, interim responses (102 and any 1xx), and {@code sendDate(false)}.
 */
class NodeParityTest {

    private static final RequestHandler ROUTES = (req, res) -> {
        switch (req.path()) {
            case "/merged" -> res.end(req.headersMerged().get("cookie") + "|" + req.headersMerged().get("accept")
                    + "|" + req.headersMerged().get("user-agent") + "|" + req.headersDistinct().get("accept"));
            case "/map" -> {
                res.setHeaders(Map.of("X-One", "1"));
                res.writeHead(201, Map.of("X-Two", "2"));
                res.end(String.valueOf(res.request() == req && res.connection() == req.connection()));
            }
            case "/interim" -> {
                res.writeProcessing();
                res.writeInformational(104, Headers.of("X-Progress", "50%"));
                res.end("done");
            }
            case "/no-date" -> res.sendDate(false).end("x");
            case "/upload" -> req.bodyBytes(1024, (r, cause) -> r.statusCode(413)
                    .setHeader("Content-Type", "application/problem+json").end("{\"max\":1024}"))
                    .thenAccept(bytes -> res.end(String.valueOf(bytes.length)));
            default -> res.statusCode(404).end();
        }
    };

    private final ServerFixture fixture = new ServerFixture();
    private InetSocketAddress address;

    @BeforeEach
    void start() {
        address = fixture.start(ROUTES);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aSecondCookieLineAndListFieldsAreMergedAsNodeDoes() throws Exception {
        try (RawConnection raw = RawConnection.open(address)) {
            raw.send("GET /merged HTTP/1.1\r\nHost: x\r\nUser-Agent: a\r\nUser-Agent: b\r\nCookie: a=1\r\n"
                    + "Accept: text/html\r\nCookie: b=2\r\nAccept: */*\r\n\r\n");
            assertEquals("a=1; b=2|text/html, */*|a|[text/html, */*]", raw.read().text());
        }
    }

    @Test
    void headersFromMapsReachTheWire() throws Exception {
        try (RawConnection raw = RawConnection.open(address)) {
            RawResponse response = raw.send("GET /map HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(201, response.status());
            assertEquals("1", response.header("X-One"));
            assertEquals("2", response.header("X-Two"));
            assertEquals("true", response.text());
        }
    }

    @Test
    void processingAndAnyInterimResponsePrecedeTheFinalOne() throws Exception {
        try (RawConnection raw = RawConnection.open(address)) {
            RawResponse response = raw.send("GET /interim HTTP/1.1\r\nHost: x\r\n\r\n").readFinal();
            assertEquals(List.of(102, 104), response.interim().stream().map(RawResponse::status).toList());
            assertEquals("50%", response.interim().get(1).header("X-Progress"));
            assertEquals("done", response.text());
        }
    }

    @Test
    void sendDateFalseLeavesOutTheDate() throws Exception {
        try (RawConnection raw = RawConnection.open(address)) {
            RawResponse plain = raw.send("GET /map HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertTrue(plain.header("Date") != null);
            RawResponse response = raw.send("GET /no-date HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertNull(response.header("Date"));
            assertEquals("x", response.text());
        }
    }

    @Test
    void aBodyDeclaredOverTheLimitIsAnswered413BeforeItIsSent() throws Exception {
        try (RawConnection raw = RawConnection.open(address)) {
            // 1 TiB declared, nothing of it sent: the answer comes at once, with the application's own body.
            RawResponse response = raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1099511627776\r\n"
                    + "\r\n").read();
            assertEquals(413, response.status());
            assertEquals("application/problem+json", response.header("Content-Type"));
            assertEquals("close", response.header("Connection"));
            assertEquals("{\"max\":1024}", response.text());
            raw.awaitClose();
        }
    }

    @Test
    void aClientErrorMayBeAnsweredWithHeadersAndAContentType() throws Exception {
        fixture.close();
        InetSocketAddress custom = fixture.start(ServerFixture.connection().clientErrorHandler(error -> error.respond(
                error.status(), Headers.of("X-Error", "parse"), "application/problem+json",
                "{\"status\":400}".getBytes(java.nio.charset.StandardCharsets.US_ASCII))), ROUTES);
        try (RawConnection raw = RawConnection.open(custom)) {
            RawResponse response = raw.send("GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n").read();
            assertEquals(400, response.status());
            assertEquals("parse", response.header("X-Error"));
            assertEquals("application/problem+json", response.header("Content-Type"));
            assertEquals("close", response.header("Connection"));
            assertEquals("{\"status\":400}", response.text());
            raw.awaitClose();
        }
    }
}
