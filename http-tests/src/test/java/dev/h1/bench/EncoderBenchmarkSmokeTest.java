package dev.h1.bench;

import dev.h1.bench.EncoderBenchmark.Case;
import dev.h1.bench.ResponseReader.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks, without timing, that the two encoders {@link EncoderBenchmark} compares write responses of the same
 * meaning: the same status, the same header fields (names compared ignoring case) and the same body, with the framing
 * the case names. Each case runs twice, so both encoders must also be ready for the next response after it.
 */
class EncoderBenchmarkSmokeTest {

    @ParameterizedTest
    @EnumSource(Case.class)
    void bothEncodersWriteTheSameResponse(Case response) {
        EncoderBenchmark benchmark = new EncoderBenchmark();
        benchmark.response = response;
        benchmark.setUp();
        try {
            for (int round = 1; round <= 2; round++) {
                Response h1 = single(ResponseReader.read(benchmark.h1Bytes()));
                Response netty = single(ResponseReader.read(benchmark.nettyBytes()));
                assertAll(
                        () -> assertEquals(200, h1.status(), "h1 status"),
                        () -> assertEquals(netty.status(), h1.status(), "status"),
                        () -> assertEquals(netty.headers(), h1.headers(), "header fields"),
                        () -> assertArrayEquals(netty.body(), h1.body(), "body"),
                        () -> assertArrayEquals(expectedBody(response), h1.body(), "h1 body"),
                        () -> assertFraming(response, h1.headers()));
            }
            assertTrue(benchmark.h1() > 0);
            assertTrue(benchmark.netty() > 0);
        } finally {
            assertFalse(benchmark.close(), "a message was left in a channel");
        }
    }

    private static Response single(List<Response> responses) {
        assertEquals(1, responses.size(), "responses");
        return responses.get(0);
    }

    private static byte[] expectedBody(Case response) {
        return response == Case.FIXED_13 ? SharedBodies.PLAINTEXT_BYTES
                : RequestBytes.repeat(EncoderBenchmark.CHUNKS, RequestBytes.body(EncoderBenchmark.CHUNK_BYTES));
    }

    private static void assertFraming(Case response, Map<String, String> headers) {
        if (response == Case.FIXED_13) {
            assertEquals("13", headers.get("content-length"));
        } else {
            assertEquals("chunked", headers.get("transfer-encoding"));
        }
        assertEquals(3, headers.size(), "three header fields: " + headers);
    }
}
