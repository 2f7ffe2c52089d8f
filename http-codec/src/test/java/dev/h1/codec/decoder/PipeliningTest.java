package dev.h1.codec.decoder;

import dev.h1.codec.ParseError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.h1.testing.DecoderHarness.decodeAllSplits;
import static dev.h1.testing.EventLogAssertions.assertHeadRejected;
import static dev.h1.testing.EventLogAssertions.failure;
import static dev.h1.testing.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several requests in one stream decode in order (RFC 9112 §9.3.2), and after a failure the decoder emits that one
 * {@code DecodeFailure} and nothing more, whatever follows.
 */
class PipeliningTest {

    @Test
    void decodesPipelinedRequestsInOrder() {
        String input = head("GET /1 HTTP/1.1", "Host: a")
                + head("POST /2 HTTP/1.1", "Host: a", "Content-Length: 5") + "hello"
                + head("POST /3 HTTP/1.1", "Host: a", "Transfer-Encoding: chunked") + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
                + head("GET /4 HTTP/1.1", "Host: a");
        assertEquals(List.of(
                "head GET /1 HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: a", "end",
                "head POST /2 HTTP/1.1 CONTENT_LENGTH 5 keep-alive expect=NONE upgrade=false",
                "header Host: a", "header Content-Length: 5", "body hello", "end",
                "head POST /3 HTTP/1.1 CHUNKED keep-alive expect=NONE upgrade=false",
                "header Host: a", "header Transfer-Encoding: chunked", "body abcde", "end",
                "head GET /4 HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: a", "end"),
                decodeAllSplits(input));
    }

    @Test
    void decodesRequestsWithTrailersBackToBack() {
        String chunked = head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked")
                + "1\r\nx\r\n0\r\nT: 1\r\n\r\n";
        List<String> one = List.of("head POST / HTTP/1.1 CHUNKED keep-alive expect=NONE upgrade=false",
                "header Host: a", "header Transfer-Encoding: chunked", "body x", "end", "trailer T: 1");
        List<String> expected = new java.util.ArrayList<>(one);
        expected.addAll(one);
        assertEquals(expected, decodeAllSplits(chunked + chunked));
    }

    @Test
    void keepsTheBodyOfOneRequestApartFromTheNextHead() {
        String input = head("POST / HTTP/1.1", "Host: a", "Content-Length: 3") + "abc"
                + head("POST / HTTP/1.1", "Host: b", "Content-Length: 3") + "def";
        assertEquals(List.of(
                "head POST / HTTP/1.1 CONTENT_LENGTH 3 keep-alive expect=NONE upgrade=false",
                "header Host: a", "header Content-Length: 3", "body abc", "end",
                "head POST / HTTP/1.1 CONTENT_LENGTH 3 keep-alive expect=NONE upgrade=false",
                "header Host: b", "header Content-Length: 3", "body def", "end"), decodeAllSplits(input));
    }

    @Test
    void ignoresEmptyLinesBetweenPipelinedRequests() {
        String input = head("GET /1 HTTP/1.1", "Host: a") + "\r\n\r\n" + head("GET /2 HTTP/1.1", "Host: a");
        assertEquals(List.of(
                "head GET /1 HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: a", "end",
                "head GET /2 HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: a", "end"),
                decodeAllSplits(input));
    }

    @Test
    void emitsOneFailureAndNothingAfterIt() {
        String input = head("GET / HTTP/1.1", "Host : a") + head("GET / HTTP/1.1", "Host: a") + "garbage\r\n\r\n";
        assertHeadRejected(decodeAllSplits(input), ParseError.BAD_HEADER);
    }

    @Test
    void decodesGoodRequestsUntilTheFirstBadOne() {
        String input = head("GET /1 HTTP/1.1", "Host: a") + "BAD LINE\r\n\r\n" + head("GET /3 HTTP/1.1", "Host: a");
        List<String> log = decodeAllSplits(input);
        assertEquals(List.of("head GET /1 HTTP/1.1 NONE keep-alive expect=NONE upgrade=false", "header Host: a", "end"),
                log.subList(0, 3));
        assertEquals(4, log.size(), () -> "log: " + log);
        assertEquals(true, log.get(3).startsWith("fail 400 "), () -> "log: " + log);
    }

    @Test
    void emitsNothingAfterAFailureInsideABody() {
        String input = head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked") + "5\r\nhelloXX"
                + head("GET / HTTP/1.1", "Host: a");
        assertEquals(List.of("head POST / HTTP/1.1 CHUNKED keep-alive expect=NONE upgrade=false",
                "header Host: a", "header Transfer-Encoding: chunked", "body hello", failure(ParseError.BAD_CHUNK)),
                decodeAllSplits(input));
    }
}
