package dev.h1.server.compression;

/**
 * A content coding h1 can apply to a response body (RFC 9110 §8.4.1), or none. Immutable.
 */
enum ContentCoding {

    /** RFC 9110 §8.4.1.3: the gzip format of RFC 1952 (a header, a deflate stream, CRC-32 and length). */
    GZIP("gzip"),
    /** RFC 9110 §8.4.1.2: the zlib format of RFC 1950 around a deflate stream (not a raw deflate stream). */
    DEFLATE("deflate"),
    /** No coding: the body is sent as it is. */
    IDENTITY("identity");

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** The coding's name as written in Accept-Encoding and Content-Encoding. */
    String token() {
        return token;
    }
}
