package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.EndOfResponse;
import dev.h1.codec.HttpVersion;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.h1.codec.encoder.Wire.DATE;
import static dev.h1.codec.encoder.Wire.assertRefused;
import static dev.h1.codec.encoder.Wire.drain;
import static dev.h1.codec.encoder.Wire.head;
import static dev.h1.codec.encoder.Wire.pieces;
import static dev.h1.codec.encoder.Wire.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FileRegion} bodies pass through untouched, with chunk framing around them when chunked. */
class FileRegionTest {

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void writeFile() throws IOException {
        file = Files.writeString(dir.resolve("body.txt"), "0123456789abcdef", StandardCharsets.US_ASCII);
    }

    private FileRegion region(long position, long count) {
        return new DefaultFileRegion(file.toFile(), position, count);
    }

    @Test
    void passesARegionThroughAContentLengthBody() {
        EmbeddedChannel channel = Wire.channel();
        FileRegion region = region(0, 16);
        channel.writeOutbound(head(200, "Content-Length", "16"), region, EndOfResponse.NO_TRAILERS);
        List<Object> pieces = pieces(channel);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 16\r\n" + DATE + "\r\n", text(pieces.get(0)));
        assertSame(region, pieces.get(1));
        assertEquals("0123456789abcdef", text(pieces.get(1)));
        assertEquals("", text(pieces.get(2)));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void framesARegionAsOneChunk() {
        EmbeddedChannel channel = Wire.channel();
        FileRegion region = region(10, 6);
        channel.writeOutbound(head(200), region, EndOfResponse.NO_TRAILERS);
        List<Object> pieces = pieces(channel);
        assertEquals(4, pieces.size());
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n6\r\n", text(pieces.get(0)));
        assertSame(region, pieces.get(1));
        assertEquals("abcdef", text(pieces.get(1)));
        assertEquals("\r\n", text(pieces.get(2)));
        assertEquals("0\r\n\r\n", text(pieces.get(3)));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void passesARegionThroughACloseDelimitedBody() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head("GET", HttpVersion.HTTP_1_0, 200), region(0, 4), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nConnection: close\r\n" + DATE + "\r\n0123", drain(channel));
        assertFalse(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesARegionBeyondTheDeclaredLengthAndReleasesIt() {
        EmbeddedChannel channel = Wire.channel();
        channel.write(head(200, "Content-Length", "8"));
        FileRegion region = region(0, 16);
        ChannelFuture refused = channel.write(region);
        assertRefused(EncodeError.BODY_TOO_LONG, refused);
        assertEquals(0, region.refCnt());
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesARegionForAResponseWithoutBody() {
        EmbeddedChannel channel = Wire.channel();
        channel.write(head("HEAD", HttpVersion.HTTP_1_1, 200, "Content-Length", "16"));
        FileRegion region = region(0, 16);
        assertRefused(EncodeError.BODY_NOT_ALLOWED, channel.write(region));
        assertEquals(0, region.refCnt());
        channel.writeOutbound(EndOfResponse.NO_TRAILERS);
        assertTrue(drain(channel).startsWith("HTTP/1.1 200 OK\r\n"));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void treatsAnEmptyRegionAsANoOp() {
        EmbeddedChannel channel = Wire.channel();
        FileRegion empty = region(0, 0);
        channel.writeOutbound(head(200), empty, EndOfResponse.NO_TRAILERS);
        assertEquals(0, empty.refCnt());
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n0\r\n\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }
}
