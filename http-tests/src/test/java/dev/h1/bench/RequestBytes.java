package dev.h1.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds the request bytes that the benchmarks feed: heads, bodies, chunked bodies and pipelined repeats. */
final class RequestBytes {

    private RequestBytes() {
    }

    /** A request line and header fields, each ended by CRLF, then the empty line. */
    static byte[] head(String requestLine, String... fields) {
        StringBuilder text = new StringBuilder(requestLine).append("\r\n");
        for (String field : fields) {
            text.append(field).append("\r\n");
        }
        return text.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code length} bytes of lower-case letters, a to z over and over. */
    static byte[] body(int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }

    /** A chunked body of {@code chunks} chunks of {@code chunkLength} bytes, then the last chunk and no trailers. */
    static byte[] chunked(int chunks, int chunkLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] sizeLine = (Integer.toHexString(chunkLength) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < chunks; i++) {
            out.writeBytes(sizeLine);
            out.writeBytes(body(chunkLength));
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** {@code bytes}, {@code times} times back to back. */
    static byte[] repeat(int times, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(times * bytes.length);
        for (int i = 0; i < times; i++) {
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** All {@code parts} back to back. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
