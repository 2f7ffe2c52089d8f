package dev.h1.bench;

import static dev.h1.bench.RequestBytes.body;
import static dev.h1.bench.RequestBytes.concat;
import static dev.h1.bench.RequestBytes.head;
import static dev.h1.bench.RequestBytes.repeat;

/**
 * The requests that {@link PipelineBenchmark} feeds a whole server pipeline, one input per socket read, with the
 * answers both servers must give. They are the requests of bench/e2e.sh's wrk scenarios.
 */
enum ExchangeInput {

    /** The TechEmpower plaintext request: answered 200 with {@code Hello, World!}. */
    PLAINTEXT(1, plaintextRequest()),

    /** The plaintext request 16 times in one buffer, as wrk's pipelining script sends it. */
    PLAINTEXT_PIPELINED_16(16, repeat(16, plaintextRequest())),

    /** {@code POST /echo} with a 1 KiB body framed by Content-Length: answered 200 with the same body. */
    ECHO_1K(1, concat(head("POST /echo HTTP/1.1",
            "Host: 127.0.0.1",
            "Content-Type: application/octet-stream",
            "Content-Length: 1024"), body(1024)));

    private final int requests;
    private final byte[] bytes;

    ExchangeInput(int requests, byte[] bytes) {
        this.requests = requests;
        this.bytes = bytes;
    }

    /** How many requests the input holds, and so how many responses answer it. */
    int requests() {
        return requests;
    }

    /** A copy of the input's bytes. */
    byte[] bytes() {
        return bytes.clone();
    }

    /** The body every response to this input carries. */
    byte[] expectedBody() {
        return this == ECHO_1K ? body(1024) : SharedBodies.PLAINTEXT_BYTES.clone();
    }

    private static byte[] plaintextRequest() {
        return head("GET /plaintext HTTP/1.1",
                "Host: 127.0.0.1",
                "Accept: text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7",
                "Connection: keep-alive");
    }
}
