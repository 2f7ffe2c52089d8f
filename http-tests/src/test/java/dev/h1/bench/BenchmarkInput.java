package dev.h1.bench;

import static dev.h1.bench.RequestBytes.body;
import static dev.h1.bench.RequestBytes.chunked;
import static dev.h1.bench.RequestBytes.concat;
import static dev.h1.bench.RequestBytes.head;
import static dev.h1.bench.RequestBytes.repeat;

/**
 * The request bytes that {@link DecoderBenchmark} feeds, one whole input per benchmark operation, with what a
 * correct decoder must report for them.
 */
public enum BenchmarkInput {

    /** (a) A small GET as a browser sends it: eight typical header fields, no body. */
    BROWSER_GET(1, 0, head(Browser.REQUEST_LINE, Browser.FIELDS)),

    /**
     * (a') Two browser GETs in one buffer whose lines differ at every place: the second has another target and the
     * first one's fields in another order, so no line repeats the line before it at its place. A decoder that
     * reuses what it decoded from a repeated line (h1's {@code RecentLines}) decodes every line here from scratch:
     * the cold path, where (a) and (b) repeat every line of the connection.
     */
    BROWSER_GETS_UNLIKE(2, 0, concat(head(Browser.REQUEST_LINE, Browser.FIELDS),
            head(Browser.REQUEST_LINE.replace("ref=home", "ref=feed"), Browser.fieldsRotated()))),

    /** (b) The TechEmpower plaintext request, pipelined 16 times in one buffer (as their wrk pipeline script). */
    PLAINTEXT_PIPELINED_16(16, 0, repeat(16, head("GET /plaintext HTTP/1.1",
            "Host: tfb-server",
            "Accept: text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7",
            "Connection: keep-alive"))),

    /** (c) A POST with a 1 KiB body framed by Content-Length. */
    POST_1K(1, 1024, concat(head("POST /api/items HTTP/1.1",
            "Host: api.example.com",
            "Content-Type: application/json",
            "Content-Length: 1024"), body(1024))),

    /** (d) A chunked POST: four chunks of 256 bytes, then the last chunk and no trailers. */
    CHUNKED_POST_4X256(1, 1024, concat(head("POST /upload HTTP/1.1",
            "Host: api.example.com",
            "Content-Type: application/octet-stream",
            "Transfer-Encoding: chunked"), chunked(4, 256)));

    /** The browser request of (a) and (a'). */
    private static final class Browser {
        static final String REQUEST_LINE = "GET /articles/2026/11/http-parsing?ref=home HTTP/1.1";
        static final String[] FIELDS = {
            "Host: www.example.com",
            "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
            "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language: en-US,en;q=0.5",
            "Accept-Encoding: gzip, deflate, br, zstd",
            "Connection: keep-alive",
            "Cookie: session=6f1c2e0a9b8d4c7e; theme=dark; _ga=GA1.2.1234567890.1700000000",
            "Referer: https://www.example.com/articles/2026/11/"};

        /** {@link #FIELDS} with the first one moved to the end: every field at another place. */
        static String[] fieldsRotated() {
            String[] rotated = new String[FIELDS.length];
            System.arraycopy(FIELDS, 1, rotated, 0, FIELDS.length - 1);
            rotated[FIELDS.length - 1] = FIELDS[0];
            return rotated;
        }
    }

    private final int requests;
    private final int bodyBytes;
    private final byte[] bytes;

    BenchmarkInput(int requests, int bodyBytes, byte[] bytes) {
        this.requests = requests;
        this.bodyBytes = bodyBytes;
        this.bytes = bytes;
    }

    /** How many complete requests the input holds. */
    public int requests() {
        return requests;
    }

    /** How many body bytes (after transfer decoding) the input holds in all. */
    public int bodyBytes() {
        return bodyBytes;
    }

    /** A copy of the input's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }
}
