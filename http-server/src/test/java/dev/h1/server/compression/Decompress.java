package dev.h1.server.compression;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** The client's side of compression, with the JDK's own decoders, independent of the code under test. */
final class Decompress {

    private Decompress() {
    }

    /** A complete gzip (RFC 1952, CRC and length checked by the JDK) or zlib (RFC 1950, Adler-32 checked) body. */
    static byte[] whole(ContentCoding coding, byte[] body) {
        try (var in = coding == ContentCoding.GZIP ? new GZIPInputStream(new ByteArrayInputStream(body))
                : new InflaterInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A client reading a stream as it arrives: {@link #feed} inflates what it has and returns every byte decodable so
     * far, as a browser shows a streamed page.
     */
    static final class Stream implements AutoCloseable {
        private final Inflater inflater;
        private int headerLeft;
        private final ByteArrayOutputStream decoded = new ByteArrayOutputStream();

        Stream(ContentCoding coding) {
            boolean gzip = coding == ContentCoding.GZIP;
            inflater = new Inflater(gzip);
            headerLeft = gzip ? 10 : 0;
        }

        byte[] feed(byte[] bytes) {
            int skip = Math.min(headerLeft, bytes.length);
            headerLeft -= skip;
            inflater.setInput(bytes, skip, bytes.length - skip);
            byte[] out = new byte[8192];
            try {
                int n;
                while ((n = inflater.inflate(out)) > 0) {
                    decoded.write(out, 0, n);
                }
            } catch (DataFormatException e) {
                throw new AssertionError(e);
            }
            return decoded.toByteArray();
        }

        boolean finished() {
            return inflater.finished();
        }

        @Override
        public void close() {
            inflater.end();
        }
    }
}
