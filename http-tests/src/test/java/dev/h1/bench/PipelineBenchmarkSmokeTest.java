package dev.h1.bench;

import dev.h1.bench.PipelineBenchmark.Server;
import dev.h1.bench.ResponseReader.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks, without timing, that the two pipelines {@link PipelineBenchmark} compares give equivalent answers to each
 * input: as many responses as requests, each 200 with the expected body and Content-Type, and a connection kept
 * open. Each input is fed twice, so both pipelines must also be back at a request boundary after it.
 */
class PipelineBenchmarkSmokeTest {

    @ParameterizedTest
    @EnumSource(ExchangeInput.class)
    void bothPipelinesAnswerEveryRequest(ExchangeInput input) {
        PipelineBenchmark benchmark = new PipelineBenchmark();
        benchmark.setUp();
        boolean left;
        try {
            for (int round = 1; round <= 2; round++) {
                assertAnswers("h1", input, ResponseReader.read(benchmark.responseBytes(Server.H1, input)));
                assertAnswers("Netty", input, ResponseReader.read(benchmark.responseBytes(Server.NETTY, input)));
            }
        } finally {
            left = benchmark.close();
        }
        assertFalse(left, "a message was left in a channel");
    }

    @Test
    void theBenchmarkMethodsRunAndReleaseWhatTheyRead() {
        PipelineBenchmark benchmark = new PipelineBenchmark();
        benchmark.setUp();
        try {
            assertAll(
                    () -> assertTrue(benchmark.h1Plaintext() > 0),
                    () -> assertTrue(benchmark.nettyPlaintext() > 0),
                    () -> assertTrue(benchmark.h1Pipelined16() > 0),
                    () -> assertTrue(benchmark.nettyPipelined16() > 0),
                    () -> assertTrue(benchmark.h1Echo1k() > 1024),
                    () -> assertTrue(benchmark.nettyEcho1k() > 1024));
        } finally {
            assertFalse(benchmark.close(), "a message was left in a channel");
        }
    }

    private static void assertAnswers(String server, ExchangeInput input, List<Response> responses) {
        assertEquals(input.requests(), responses.size(), server + ": responses");
        String type = input == ExchangeInput.ECHO_1K ? "application/octet-stream" : "text/plain";
        for (Response response : responses) {
            assertAll(server,
                    () -> assertEquals(200, response.status(), "status"),
                    () -> assertArrayEquals(input.expectedBody(), response.body(), "body"),
                    () -> assertEquals(type, response.headers().get("content-type"), "content type"),
                    () -> assertEquals(null, response.headers().get("connection"), "connection kept open"),
                    () -> assertTrue(response.headers().containsKey("date"), "date"));
        }
    }
}
