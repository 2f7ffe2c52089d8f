package dev.h1.tests.e2e;

/** The rows of the compatibility table, in order; each is asserted by one or more end-to-end tests. */
public enum Scenario {
    ONE_EXCHANGE("one request, one response"),
    KEEP_ALIVE("3 requests on one keep-alive connection"),
    PIPELINING("3 requests pipelined in one write"),
    HTTP10_CLOSE("HTTP/1.0 without keep-alive"),
    HTTP10_KEEP_ALIVE("HTTP/1.0 with `Connection: keep-alive`"),
    CLIENT_CLOSE("`Connection: close` from the client"),
    SERVER_CLOSE("`Connection: close` set by the handler"),
    MAX_REQUESTS("`maxRequestsPerConnection(3)`"),
    IDLE_TIMEOUT("idle timeout (300 ms): notification, close"),
    KEEP_ALIVE_TIMEOUT("keep-alive timeout (300 ms) closes an idle connection"),
    HEADERS_TIMEOUT("headers timeout (300 ms) on a half-sent head"),
    STREAMED_BODY("request body streamed in pieces, `pause()`/`resume()`"),
    BODY_LIMIT("`bodyBytes(1024)` with a larger body"),
    EXPECT_WAITS("`Expect: 100-continue`, client waits for 100"),
    EXPECT_SENDS_ANYWAY("`Expect: 100-continue`, body sent at once"),
    EXPECT_REJECTED("`Expect: 100-continue` refused before the body"),
    UPGRADE("upgrade to a line-echo protocol, bytes in the request's packet"),
    H2C_OFFER("h2c upgrade offer (no upgrade handler)"),
    MALFORMED("malformed field line"),
    HEADERS_TOO_LARGE("header section over 16 KiB"),
    TARGET_TOO_LONG("request-target over 8 KiB"),
    BODY_TOO_LARGE("body over the decoder's `maxBodyBytes`"),
    UNKNOWN_CODING("unknown transfer coding"),
    HTTP2_VERSION("`HTTP/2.0` request line"),
    WRITE_HEAD("`writeHead(202, \"Accepted Later\", headers)`"),
    HEADER_API("`setHeader` many values, `appendHeader`, `removeHeader`"),
    IMPLICIT_HEADERS("implicit headers of `end(data)`"),
    CHUNK_OVER_64K("chunked: a 100 KiB write, then a small one"),
    EMPTY_WRITE("an empty `write` between two writes"),
    SMALL_WRITES("1000 small writes"),
    TRAILERS("trailers after a chunked body"),
    EARLY_HINTS("103 Early Hints, then 200"),
    HEAD("HEAD, then GET on the same connection"),
    NO_CONTENT("204, then GET on the same connection"),
    NOT_MODIFIED("304, then GET on the same connection"),
    BACK_PRESSURE("50 MiB to a slow reader (`write()` false, `onDrain`)"),
    COMPLETION("`finished()` / `closed()` of a normal exchange"),
    ABORT("client disconnects mid-response"),
    SHUTDOWN("graceful `close()` with requests in flight");

    final String title;

    Scenario(String title) {
        this.title = title;
    }
}
