package dev.h1.server.compression;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.h1.server.compression.ContentCoding.DEFLATE;
import static dev.h1.server.compression.ContentCoding.GZIP;
import static dev.h1.server.compression.ContentCoding.IDENTITY;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 9110 §12.5.3 negotiation as a table: field lines in, the coding h1 applies out. */
class AcceptEncodingTest {

    static Stream<Arguments> table() {
        return Stream.of(
                /* 0 */ Arguments.of(List.of(), IDENTITY),                        // no field: nothing is compressed
                /* 1 */ Arguments.of(List.of(""), IDENTITY),                      // empty: only identity
                /* 2 */ Arguments.of(List.of("gzip"), GZIP),
                /* 3 */ Arguments.of(List.of("deflate"), DEFLATE),
                /* 4 */ Arguments.of(List.of("gzip, deflate, br"), GZIP),
                /* 5 */ Arguments.of(List.of("deflate, gzip"), GZIP),             // a tie prefers gzip
                /* 6 */ Arguments.of(List.of("deflate;q=1, gzip;q=0.5"), DEFLATE),
                /* 7 */ Arguments.of(List.of("gzip;q=0.5, deflate;q=0.501"), DEFLATE),
                /* 8 */ Arguments.of(List.of("gzip;q=0, deflate;q=0"), IDENTITY), // both excluded
                /* 9 */ Arguments.of(List.of("gzip;q=0"), IDENTITY),
                /* 10 */ Arguments.of(List.of("*"), GZIP),
                /* 11 */ Arguments.of(List.of("*;q=0.1, gzip;q=0"), DEFLATE),     // * covers what is not listed
                /* 12 */ Arguments.of(List.of("*;q=0"), IDENTITY),
                /* 13 */ Arguments.of(List.of("*;q=0, deflate"), DEFLATE),
                /* 14 */ Arguments.of(List.of("gzip;q=0.5, identity"), IDENTITY), // identity preferred
                /* 15 */ Arguments.of(List.of("gzip, identity"), GZIP),           // a tie compresses
                /* 16 */ Arguments.of(List.of("identity;q=0, gzip;q=0.1"), GZIP),
                /* 17 */ Arguments.of(List.of("identity"), IDENTITY),
                /* 18 */ Arguments.of(List.of("br, zstd"), IDENTITY),             // nothing h1 offers
                /* 19 */ Arguments.of(List.of("x-gzip"), GZIP),                   // RFC 9110 §8.4.1.3 alias
                /* 20 */ Arguments.of(List.of("GZIP;Q=0.8, Deflate;q=0.7"), GZIP), // case-insensitive
                /* 21 */ Arguments.of(List.of("deflate", "gzip;q=0.2"), DEFLATE), // several field lines
                /* 22 */ Arguments.of(List.of(" gzip ; q=0.9 ,, deflate;q=0.8 "), GZIP), // OWS, empty elements
                /* 23 */ Arguments.of(List.of("gzip;q=2, deflate;q=0.1"), DEFLATE), // bad weight: element ignored
                /* 24 */ Arguments.of(List.of("gzip;q=1.001"), IDENTITY),         // above 1
                /* 25 */ Arguments.of(List.of("gzip;q=0.1234"), IDENTITY),        // four decimals
                /* 26 */ Arguments.of(List.of("gzip;q=1.000"), GZIP),
                /* 27 */ Arguments.of(List.of("gzip;q="), IDENTITY),
                /* 28 */ Arguments.of(List.of("gzip;level=9"), GZIP),              // other parameters ignored
                /* 29 */ Arguments.of(List.of("gzip;q=0.001"), GZIP),              // smallest acceptable weight
                /* 30 */ Arguments.of(List.of("*;q=0.5, gzip;q=0.2"), DEFLATE));   // deflate via * beats gzip
    }

    @ParameterizedTest(name = "{index}: {0} -> {1}")
    @MethodSource("table")
    void negotiatesTheBestSupportedCoding(List<String> fieldLines, ContentCoding expected) {
        assertEquals(expected, AcceptEncoding.negotiate(fieldLines));
    }
}
