package dev.h1.server.cli;

import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /files/...} validators, conditional requests (RFC 9110 §13) and single byte ranges (§14), through h1's
 * pipeline on an {@code EmbeddedChannel}: the body of a 200 or 206 comes out of a {@code FileRegion}.
 */
class FileCachingAndRangesTest {

    private static final String MODIFIED = "Thu, 02 Jan 2020 03:04:05 GMT";
    private static final String EARLIER = "Thu, 02 Jan 2020 03:04:04 GMT";
    private static final String LATER = "Thu, 02 Jan 2020 03:04:06 GMT";

    @TempDir
    Path dir;
    private String content;
    private EmbeddedServer server;
    private String etag;

    @BeforeEach
    void serveOneFile() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append((char) ('a' + i % 26));
        }
        content = text.toString();
        Path file = dir.resolve("data.txt");
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-02T03:04:05.123456Z")));
        server = EmbeddedServer.start(new Routes(dir));
        etag = get().field("ETag");
    }

    @AfterEach
    void stop() {
        server.clientCloses();
    }

    private Response get(String... fieldLines) {
        List<Response> answers = EmbeddedServer.responses(
                server.send(EmbeddedServer.get("/files/data.txt", fieldLines)).output());
        assertEquals(1, answers.size());
        return answers.get(0);
    }

    /** The head of a HEAD request's answer (whose Content-Length frames no body). */
    private String head(String... fieldLines) {
        String request = EmbeddedServer.get("/files/data.txt", fieldLines).replaceFirst("GET", "HEAD");
        String output = server.send(request).output();
        assertTrue(output.endsWith("\r\n\r\n") && output.indexOf("\r\n\r\n") == output.length() - 4, output);
        return output;
    }

    @Test
    void aFileComesWithItsValidatorsAndAcceptRanges() {
        Response ok = get();
        assertEquals(200, ok.status());
        assertTrue(etag.matches("\"[0-9a-f]+-[0-9a-f]+\""), etag); // strong: size and modification time
        assertEquals("\"3e8-" + Long.toHexString(1_577_934_245_123_456L) + "\"", etag);
        assertEquals(MODIFIED, ok.field("Last-Modified"));
        assertEquals("bytes", ok.field("Accept-Ranges"));
        assertEquals("text/plain; charset=utf-8", ok.field("Content-Type"));
        assertEquals("1000", ok.field("Content-Length"));
        assertEquals(content, ok.body());
    }

    @Test
    void theEntityTagChangesWithTheFile() throws IOException {
        Files.writeString(dir.resolve("data.txt"), content + "more", StandardCharsets.US_ASCII);
        assertTrue(!etag.equals(get().field("ETag")));
    }

    @Test
    void ifNoneMatchWithTheCurrentTagIsNotModified() {
        for (String value : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
            Response notModified = get("If-None-Match: " + value);
            assertEquals(304, notModified.status(), value);
            assertEquals("", notModified.body());
            assertEquals(etag, notModified.field("ETag")); // the validators a 200 would carry (§15.4.5)
            assertEquals(MODIFIED, notModified.field("Last-Modified"));
            assertNull(notModified.field("Content-Length"));
        }
        Response other = get("If-None-Match: \"other\"");
        assertEquals(200, other.status());
        assertEquals(content, other.body());
    }

    @Test
    void ifNoneMatchOnSeveralLinesIsOneList() {
        assertEquals(304, get("If-None-Match: \"other\"", "If-None-Match: " + etag).status());
    }

    @Test
    void ifModifiedSinceCountsOnlyWithoutIfNoneMatch() {
        assertEquals(304, get("If-Modified-Since: " + MODIFIED).status());
        assertEquals(304, get("If-Modified-Since: " + LATER).status());
        assertEquals(200, get("If-Modified-Since: " + EARLIER).status());
        assertEquals(200, get("If-Modified-Since: not a date").status()); // invalid: ignored (§13.1.3)
        // If-None-Match decides alone when present (§13.1.3)
        assertEquals(200, get("If-None-Match: \"other\"", "If-Modified-Since: " + LATER).status());
    }

    @Test
    void ifMatchAndIfUnmodifiedSinceFailWith412() {
        assertEquals(412, get("If-Match: \"other\"").status());
        assertEquals(412, get("If-Match: W/" + etag).status()); // If-Match compares strongly (§13.1.1)
        assertEquals(200, get("If-Match: " + etag).status());
        assertEquals(200, get("If-Match: *").status());
        assertEquals(412, get("If-Unmodified-Since: " + EARLIER).status());
        assertEquals(200, get("If-Unmodified-Since: " + MODIFIED).status());
        // If-Unmodified-Since is ignored when If-Match is present (§13.1.4)
        assertEquals(200, get("If-Match: " + etag, "If-Unmodified-Since: " + EARLIER).status());
        // a failed If-Match wins over a matching If-None-Match (§13.2.2)
        assertEquals(412, get("If-Match: \"other\"", "If-None-Match: " + etag).status());
    }

    @Test
    void aSingleRangeIsPartialContent() {
        Response part = get("Range: bytes=100-199");
        assertEquals(206, part.status());
        assertEquals("bytes 100-199/1000", part.field("Content-Range"));
        assertEquals("100", part.field("Content-Length"));
        assertEquals(etag, part.field("ETag"));
        assertEquals("text/plain; charset=utf-8", part.field("Content-Type"));
        assertEquals(content.substring(100, 200), part.body());

        Response tail = get("Range: bytes=990-");
        assertEquals("bytes 990-999/1000", tail.field("Content-Range"));
        assertEquals(content.substring(990), tail.body());

        Response suffix = get("Range: bytes=-7");
        assertEquals("bytes 993-999/1000", suffix.field("Content-Range"));
        assertEquals(content.substring(993), suffix.body());
    }

    @Test
    void aRangePastTheEndIsNotSatisfiable() {
        Response refused = get("Range: bytes=1000-");
        assertEquals(416, refused.status());
        assertEquals("bytes */1000", refused.field("Content-Range"));
        assertNull(refused.field("ETag"));
        assertEquals("Range Not Satisfiable\n", refused.body());
    }

    @Test
    void severalRangesGetTheWholeFile() {
        Response whole = get("Range: bytes=0-1,5-6");
        assertEquals(200, whole.status());
        assertNull(whole.field("Content-Range"));
        assertEquals(content, whole.body());
    }

    @Test
    void ifRangeServesTheRangeOnlyForTheCurrentFile() {
        assertEquals(206, get("Range: bytes=0-9", "If-Range: " + etag).status());
        assertEquals(206, get("Range: bytes=0-9", "If-Range: " + MODIFIED).status());
        assertEquals(200, get("Range: bytes=0-9", "If-Range: \"old\"").status());
        assertEquals(200, get("Range: bytes=0-9", "If-Range: W/" + etag).status()); // only strong tags (§13.1.5)
        assertEquals(200, get("Range: bytes=0-9", "If-Range: " + EARLIER).status());
        Response whole = get("Range: bytes=5000-", "If-Range: \"old\"");
        assertEquals(200, whole.status()); // not 416: the range is ignored altogether
        assertEquals(content, whole.body());
    }

    @Test
    void headGetsTheHeadOfTheWholeFile() {
        String ok = head();
        assertTrue(ok.startsWith("HTTP/1.1 200 OK\r\n"), ok);
        assertTrue(ok.contains("\r\nContent-Length: 1000\r\n"), ok);
        assertTrue(ok.contains("\r\nETag: " + etag + "\r\n"), ok);
        assertTrue(ok.contains("\r\nAccept-Ranges: bytes\r\n"), ok);

        String ranged = head("Range: bytes=0-9"); // Range is defined for GET only (§14.2)
        assertTrue(ranged.startsWith("HTTP/1.1 200 OK\r\n"), ranged);
        assertTrue(ranged.contains("\r\nContent-Length: 1000\r\n"), ranged);

        String notModified = head("If-None-Match: " + etag);
        assertTrue(notModified.startsWith("HTTP/1.1 304 Not Modified\r\n"), notModified);
    }

    @Test
    void aFileThatVanishesIsNotFound() throws IOException {
        Files.delete(dir.resolve("data.txt"));
        Response gone = get();
        assertEquals(404, gone.status());
        assertNull(gone.field("ETag"));
        assertNotNull(gone.field("Content-Type"));
    }
}
