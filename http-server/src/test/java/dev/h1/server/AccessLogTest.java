package dev.h1.server;

import dev.h1.codec.Expectation;
import dev.h1.codec.Framing;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.RequestHead;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ExchangeRecord;
import dev.h1.server.cli.RawHttp;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Common and Combined Log Format lines, with what came from the client escaped. */
class AccessLogTest {

    private static final Instant START = Instant.parse("2026-12-05T15:40:12.345Z");
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 50123);

    private static ExchangeRecord record(String method, String target, Headers headers, int status, long bytes) {
        RequestHead head = new RequestHead(method, target, HttpVersion.HTTP_1_1, headers, Framing.NONE, -1, true,
                Expectation.NONE, false);
        return new ExchangeRecord(head, CLIENT, START, status, 0, bytes, 1_000, 2_000, true, null);
    }

    private static String line(AccessLog.Format format, ExchangeRecord record) {
        return new AccessLog(format, ZoneOffset.UTC, text -> { }).line(record);
    }

    @Test
    void commonLogFormat() {
        assertEquals("192.0.2.7 - - [05/Dec/2026:15:40:12 +0000] \"GET /plaintext?a=1 HTTP/1.1\" 200 13",
                line(AccessLog.Format.COMMON, record("GET", "/plaintext?a=1", new Headers(), 200, 13)));
    }

    @Test
    void combinedLogFormatAddsRefererAndUserAgent() {
        Headers headers = new Headers().add("Referer", "http://example.com/").add("User-Agent", "curl/8.5.0");
        assertEquals("192.0.2.7 - - [05/Dec/2026:15:40:12 +0000] \"POST /echo HTTP/1.1\" 201 5"
                        + " \"http://example.com/\" \"curl/8.5.0\"",
                line(AccessLog.Format.COMBINED, record("POST", "/echo", headers, 201, 5)));
    }

    @Test
    void missingFieldsNoBodyAndNoStatusAreDashes() {
        assertEquals("192.0.2.7 - - [05/Dec/2026:15:40:12 +0000] \"GET / HTTP/1.1\" - - \"-\" \"-\"",
                line(AccessLog.Format.COMBINED, record("GET", "/", new Headers(), 0, 0)));
    }

    @Test
    void theTimeIsInTheConfiguredZone() {
        String line = new AccessLog(AccessLog.Format.COMMON, ZoneId.of("Europe/Berlin"), text -> { })
                .line(record("GET", "/", new Headers(), 204, 0));
        assertTrue(line.contains("[05/Dec/2026:16:40:12 +0100]"), line);
    }

    /** A client must not be able to end a quoted field, forge a line or write raw bytes into the log. */
    @Test
    void whatTheClientSentIsEscaped() {
        Headers headers = new Headers().add("Referer", "a\"b\\c").add("User-Agent", "x\ty\u00e9\u007f");
        String line = line(AccessLog.Format.COMBINED, record("GET", "/", headers, 200, 1));
        assertTrue(line.endsWith(" \"a\\\"b\\\\c\" \"x\\x09y\\xe9\\x7f\""), line);
    }

    @Test
    void anIpv6ClientIsWrittenAsItsAddress() {
        RequestHead head = new RequestHead("GET", "/", HttpVersion.HTTP_1_0, new Headers(), Framing.NONE, -1, true,
                Expectation.NONE, false);
        ExchangeRecord record = new ExchangeRecord(head, new InetSocketAddress("::1", 1), START, 200, 0, 2, 1, 2,
                true, CloseReason.NOT_PERSISTENT);
        assertEquals("0:0:0:0:0:0:0:1 - - [05/Dec/2026:15:40:12 +0000] \"GET / HTTP/1.0\" 200 2",
                line(AccessLog.Format.COMMON, record));
    }

    /** Over a real socket: one line per request, in order, once each response is written. */
    @Test
    void aServerWithAnAccessLogWritesALinePerRequest() throws Exception {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        AccessLog log = new AccessLog(AccessLog.Format.COMBINED, ZoneOffset.UTC, lines::add);
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).ioThreads(1)
                .connection(ConnectionConfig.builder().exchangeListener(log).build()).build();
        try (HttpServer server = HttpServer.create(config, (req, res) -> res.end("hi " + req.path()))) {
            InetSocketAddress address = server.start();
            for (String path : List.of("/one", "/two")) {
                assertEquals(200, RawHttp.exchange(address,
                        "GET " + path + " HTTP/1.1\r\nHost: x\r\nUser-Agent: t\r\nConnection: close\r\n\r\n").status());
            }
            String first = lines.poll(10, TimeUnit.SECONDS);
            String second = lines.poll(10, TimeUnit.SECONDS);
            assertTrue(first.matches("127\\.0\\.0\\.1 - - \\[.+] \"GET /one HTTP/1\\.1\" 200 7 \"-\" \"t\""), first);
            assertTrue(second.contains("\"GET /two HTTP/1.1\" 200 7"), second);
        }
    }
}
