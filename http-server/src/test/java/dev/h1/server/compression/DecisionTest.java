package dev.h1.server.compression;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ResponseHead;
import dev.h1.server.CompressionConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.h1.server.compression.ContentCoding.GZIP;
import static dev.h1.server.compression.ContentCoding.IDENTITY;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every rule of {@link Decision#of} as a table: the response head and the accepted coding in, the decision out. */
class DecisionTest {

    private static final String TEXT = "Content-Type: text/html; charset=utf-8";
    private static final String BIG = "Content-Length: 2000";

    static Stream<Arguments> table() {
        return Stream.of(
                /* 0 */ row(Decision.COMPRESS, "GET", 200, GZIP, TEXT, BIG),
                /* 1 */ row(Decision.COMPRESS, "GET", 200, GZIP, TEXT),                      // streamed: no length
                /* 2 */ row(Decision.COMPRESS, "GET", 404, GZIP, TEXT, BIG),                 // any status with a body
                /* 3 */ row(Decision.COMPRESS, "GET", 200, GZIP, TEXT, "Transfer-Encoding: chunked"),
                /* 4 */ row(Decision.NOT_ACCEPTED, "GET", 200, IDENTITY, TEXT, BIG),
                /* 5 */ row(Decision.NO_BODY, "HEAD", 200, GZIP, TEXT, BIG),
                /* 6 */ row(Decision.NO_BODY, "GET", 204, GZIP, TEXT),
                /* 7 */ row(Decision.NO_BODY, "GET", 304, GZIP, TEXT, BIG),
                /* 8 */ row(Decision.NO_BODY, "GET", 200, GZIP, TEXT, BIG, "Content-Length: 3"), // unframeable
                /* 9 */ row(Decision.SWITCHES_PROTOCOLS, "GET", 101, GZIP, "Upgrade: x", "Connection: upgrade"),
                /* 10 */ row(Decision.SWITCHES_PROTOCOLS, "CONNECT", 200, GZIP),
                /* 11 */ row(Decision.PARTIAL, "GET", 206, GZIP, TEXT, BIG, "Content-Range: bytes 0-1999/5000"),
                /* 12 */ row(Decision.PARTIAL, "GET", 200, GZIP, TEXT, BIG, "Content-Range: bytes 0-1999/5000"),
                /* 13 */ row(Decision.PARTIAL, "GET", 206, GZIP, "Content-Type: multipart/byteranges; boundary=x"),
                /* 14 */ row(Decision.ALREADY_ENCODED, "GET", 200, GZIP, TEXT, BIG, "Content-Encoding: br"),
                /* 15 */ row(Decision.ALREADY_ENCODED, "GET", 200, GZIP, TEXT, "Transfer-Encoding: gzip, chunked"),
                /* 16 */ row(Decision.NO_TRANSFORM, "GET", 200, GZIP, TEXT, BIG,
                        "Cache-Control: max-age=5, no-transform"),
                /* 17 */ row(Decision.NOT_COMPRESSIBLE, "GET", 200, GZIP, "Content-Type: image/png", BIG),
                /* 18 */ row(Decision.NOT_COMPRESSIBLE, "GET", 200, GZIP, BIG),              // no Content-Type
                /* 19 */ row(Decision.TOO_SMALL, "GET", 200, GZIP, TEXT, "Content-Length: 1023"),
                /* 20 */ row(Decision.COMPRESS, "GET", 200, GZIP, TEXT, "Content-Length: 1024"),  // at the threshold
                /* 21 */ row(Decision.TOO_SMALL, "GET", 200, IDENTITY, TEXT, "Content-Length: 10"), // no Vary
                /* 22 */ row(Decision.COMPRESS, "GET", 200, GZIP, "Content-Type: application/problem+json", BIG),
                /* 23 */ row(Decision.COMPRESS, "GET", 200, GZIP, "Content-Type: image/svg+xml", BIG));
    }

    private static Arguments row(Decision expected, String method, int status, ContentCoding accepted,
                                 String... fieldLines) {
        return Arguments.of(expected, method, status, accepted, fieldLines, HttpVersion.HTTP_1_1);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("table")
    void decidesOncePerHead(Decision expected, String method, int status, ContentCoding accepted, String[] fieldLines,
                            HttpVersion version) {
        assertEquals(expected, Decision.of(head(method, status, version, fieldLines), accepted,
                CompressionConfig.defaults()));
    }

    static Stream<Arguments> http10() {
        return Stream.of(
                // HTTP/1.0 has no chunked coding: a known length stays, a close-delimited body is compressed.
                /* 0 */ Arguments.of(Decision.NEEDS_CHUNKED, new String[] {TEXT, BIG}),
                /* 1 */ Arguments.of(Decision.COMPRESS, new String[] {TEXT}));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("http10")
    void compressesForHttp10OnlyWithoutALength(Decision expected, String[] fieldLines) {
        assertEquals(expected, Decision.of(head("GET", 200, HttpVersion.HTTP_1_0, fieldLines), GZIP,
                CompressionConfig.defaults()));
    }

    @ParameterizedTest(name = "{index}: Vary with {0}")
    @MethodSource("varyTable")
    void variesExactlyWhenTheBodyDependsOnAcceptEncoding(Decision decision, boolean varies) {
        assertEquals(varies, decision.varies());
    }

    static Stream<Arguments> varyTable() {
        return Stream.of(Decision.values()).map(d -> Arguments.of(d,
                d == Decision.COMPRESS || d == Decision.NOT_ACCEPTED || d == Decision.NEEDS_CHUNKED));
    }

    static ResponseHead head(String method, int status, HttpVersion version, String... fieldLines) {
        Headers headers = new Headers();
        for (String line : fieldLines) {
            int colon = line.indexOf(':');
            headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return new ResponseHead(status, null, headers, method, version);
    }
}
