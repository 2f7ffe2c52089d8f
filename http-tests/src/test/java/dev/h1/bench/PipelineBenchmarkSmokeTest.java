package dev.h1.bench;

import dev.h1.bench.PipelineBenchmark.H1Timers;
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
        assertBothAnswer(input, H1Timers.DEFAULT);
    }

    @ParameterizedTest
    @EnumSource(ExchangeInput.class)
    void bothPipelinesAnswerEveryRequestWithH1sTimersOff(ExchangeInput input) {
        assertBothAnswer(input, H1Timers.OFF);
    }

    /**
     * What the {@code h1Timers} parameter changes: with h1's defaults a deadline check is scheduled after an exchange,
     * with its timers off none is, and Netty's pipeline schedules nothing either way.
     */
    @ParameterizedTest
    @EnumSource(H1Timers.class)
    void onlyH1sDefaultTimersScheduleACheck(H1Timers timers) {
        PipelineBenchmark benchmark = setUp(timers);
        try {
            benchmark.h1Plaintext();
            benchmark.nettyPlaintext();
            long h1Next = benchmark.channel(Server.H1, ExchangeInput.PLAINTEXT).runScheduledPendingTasks();
            long nettyNext = benchmark.channel(Server.NETTY, ExchangeInput.PLAINTEXT).runScheduledPendingTasks();
            assertAll(
                    () -> assertEquals(timers == H1Timers.DEFAULT, h1Next >= 0, "h1 has a check scheduled"),
                    () -> assertEquals(-1, nettyNext, "Netty has nothing scheduled"));
        } finally {
            assertFalse(benchmark.close(), "a message was left in a channel");
        }
    }

    private static void assertBothAnswer(ExchangeInput input, H1Timers timers) {
        PipelineBenchmark benchmark = setUp(timers);
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
        PipelineBenchmark benchmark = setUp(H1Timers.DEFAULT);
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

    /** The benchmark's state as JMH makes it, with {@code timers} for the {@code h1Timers} parameter. */
    private static PipelineBenchmark setUp(H1Timers timers) {
        PipelineBenchmark benchmark = new PipelineBenchmark();
        benchmark.h1Timers = timers;
        benchmark.setUp();
        return benchmark;
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
