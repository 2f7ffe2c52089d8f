package dev.h1.tests.e2e;

import dev.h1.server.api.RequestHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * <b>Bug 5</b>: a HEAD request answered with a bare {@code end()} gets {@code Content-Length: 0}. RFC 9110 §9.3.2 and
 * §8.6: a HEAD answer may carry the Content-Length a GET would have had, or none; the server cannot know the GET's
 * length when the application gave no body and no length, so it must send none. A length the application set is
 * kept. Checked on the wire (raw socket), with curl {@code -I} and with the JDK client.
 */
class HeadContentLengthTest {

    /** {@code /bare}: {@code end()} with nothing set; {@code /declared}: Content-Length 42 set, then {@code end()}. */
    private static final RequestHandler HANDLER = (req, res) -> {
        switch (req.path()) {
            case "/bare" -> res.end();
            case "/declared" -> {
                res.setHeader("Content-Length", "42");
                res.end();
            }
            default -> res.end("hello");
        }
    };

    private final ServerFixture fixture = new ServerFixture();

    @BeforeEach
    void start() {
        fixture.start(HANDLER);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Bug 5, on the wire; the connection stays usable. */
    @Test
    void aHeadAnsweredWithABareEndCarriesNoContentLength() throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse head = raw.send("HEAD /bare HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
            assertEquals(200, head.status());
            assertNull(head.header("Content-Length"), "HEAD answered with end(): " + head);
            assertEquals("hello", raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().text());
        }
    }

    /** Bug 5's counterpart: the length the application declared is kept (passes today). */
    @Test
    void aHeadAnswerKeepsTheContentLengthTheApplicationSet() throws Exception {
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse head = raw.send("HEAD /declared HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
            assertEquals(200, head.status());
            assertEquals(List.of("42"), head.headers("Content-Length"));
            assertEquals("hello", raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().text());
        }
    }

    /** Bug 5, as curl {@code -I} shows it. */
    @Test
    void curlSeesNoContentLengthOnAHeadAnsweredWithABareEnd() throws Exception {
        Curl.Transfer transfer = Curl.run("-I", fixture.uri("/bare").toString()).single();
        assertEquals(200, transfer.status());
        assertFalse(transfer.output().toLowerCase(Locale.ROOT).contains("content-length"),
                "curl -I printed a Content-Length: " + transfer.output().strip().replace("\r\n", " | "));

        Curl.Transfer declared = Curl.run("-I", fixture.uri("/declared").toString()).single();
        assertTrue(declared.output().contains("Content-Length: 42"), declared.output());
    }

    /** Bug 5, as the JDK client shows it. */
    @Test
    void jdkClientSeesNoContentLengthOnAHeadAnsweredWithABareEnd() throws Exception {
        HttpResponse<String> response = Jdk.client().send(Jdk.request(fixture.uri("/bare"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(Optional.empty(), response.headers().firstValue("Content-Length"));
    }
}
