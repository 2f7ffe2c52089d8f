package dev.h1.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Runs each {@link DecoderBenchmark} method once per input, without timing, so that the benchmark cannot rot and
 * never measures a decoder that fails: both decoders must decode every request and body byte of the input.
 */
class DecoderBenchmarkSmokeTest {

    @ParameterizedTest
    @EnumSource(BenchmarkInput.class)
    void bothDecodersDecodeEveryRequestOfTheInput(BenchmarkInput input) {
        DecoderBenchmark benchmark = new DecoderBenchmark();
        benchmark.input = input;
        benchmark.setUp();
        boolean left;
        try {
            for (int run = 1; run <= 2; run++) { // twice: each decoder must be back at a request boundary
                assertEquals((long) run * input.requests(), benchmark.h1(), "h1 requests");
                assertEquals((long) run * input.requests(), benchmark.netty(), "Netty requests");
            }
        } finally {
            left = benchmark.close();
        }
        assertFalse(left, "a message was left in a channel");
        assertCounted("h1", benchmark.h1Counter, input);
        assertCounted("Netty", benchmark.nettyCounter, input);
    }

    private static void assertCounted(String decoder, RequestCounter counter, BenchmarkInput input) {
        assertAll(decoder,
                () -> assertEquals(0, counter.failures, "failures"),
                () -> assertEquals(2L * input.requests(), counter.requests, "requests"),
                () -> assertEquals(2L * input.bodyBytes(), counter.bodyBytes, "body bytes"));
    }
}
