package dev.h1.server.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompressedBodyTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    @ParameterizedTest
    @EnumSource(value = ContentCoding.class, names = {"GZIP", "DEFLATE"})
    void compressesManyPiecesOfEveryBufferKindLosslessly(ContentCoding coding) {
        RecordingDeflaters deflaters = new RecordingDeflaters();
        CompressedBody body = CompressedBody.start(coding, 6, deflaters, ALLOC);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<ByteBuf> out = new ArrayList<>();
        Random random = new Random(13);
        for (int i = 0; i < 300; i++) {
            byte[] piece = text(random, 1 + random.nextInt(3000));
            sent.writeBytes(piece);
            body.compress(buffer(i % 3, piece), out);
            drain(out, wire);
        }
        body.finish(out);
        drain(out, wire);
        assertArrayEquals(sent.toByteArray(), Decompress.whole(coding, wire.toByteArray()));
        assertTrue(wire.size() < sent.size() / 2, "text shrinks: " + wire.size() + " of " + sent.size());
        assertFalse(body.isOpen());
        assertEquals(0, deflaters.live(), "finish ends the deflater");
    }

    @ParameterizedTest
    @EnumSource(value = ContentCoding.class, names = {"GZIP", "DEFLATE"})
    void aFlushMakesEverythingSoFarDecodable(ContentCoding coding) {
        CompressedBody body = CompressedBody.start(coding, 6, DeflaterFactory.JDK, ALLOC);
        List<ByteBuf> out = new ArrayList<>();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        try (Decompress.Stream client = new Decompress.Stream(coding)) {
            for (int i = 0; i < 50; i++) {
                byte[] event = ("data: event " + i + "\n\n").getBytes(StandardCharsets.US_ASCII);
                sent.writeBytes(event);
                body.compress(Unpooled.wrappedBuffer(event), out);
                body.flush(out);
                ByteArrayOutputStream wire = new ByteArrayOutputStream();
                drain(out, wire);
                assertArrayEquals(sent.toByteArray(), client.feed(wire.toByteArray()), "after event " + i);
            }
            body.finish(out);
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            drain(out, wire);
            client.feed(coding == ContentCoding.GZIP ? Arrays.copyOf(wire.toByteArray(), wire.size() - 8)
                    : wire.toByteArray());
            assertTrue(client.finished());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ContentCoding.class, names = {"GZIP", "DEFLATE"})
    void incompressibleInputComesOutInBoundedPieces(ContentCoding coding) {
        byte[] noise = new byte[300_000];
        new Random(7).nextBytes(noise);
        CompressedBody body = CompressedBody.start(coding, 1, DeflaterFactory.JDK, ALLOC);
        List<ByteBuf> out = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        body.compress(Unpooled.wrappedBuffer(noise), out);
        body.finish(out);
        assertTrue(out.size() > 1, "more than one piece");
        out.forEach(piece -> assertTrue(piece.readableBytes() <= 64 * 1024));
        drain(out, wire);
        assertArrayEquals(noise, Decompress.whole(coding, wire.toByteArray()));
    }

    @ParameterizedTest
    @EnumSource(value = ContentCoding.class, names = {"GZIP", "DEFLATE"})
    void anEmptyBodyIsAValidStream(ContentCoding coding) {
        CompressedBody body = CompressedBody.start(coding, 6, DeflaterFactory.JDK, ALLOC);
        List<ByteBuf> out = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        body.compress(Unpooled.EMPTY_BUFFER, out);
        body.finish(out);
        drain(out, wire);
        assertEquals(0, Decompress.whole(coding, wire.toByteArray()).length);
    }

    @Test
    void closeEndsTheDeflaterOnce() {
        RecordingDeflaters deflaters = new RecordingDeflaters();
        CompressedBody body = CompressedBody.start(ContentCoding.GZIP, 6, deflaters, ALLOC);
        List<ByteBuf> out = new ArrayList<>();
        body.compress(Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII), out);
        body.close();
        body.close();
        assertEquals(1, deflaters.ended());
        out.forEach(ByteBuf::release);
    }

    @Test
    void aFailingDeflaterReleasesTheContentAndEveryPiece() {
        RecordingDeflaters deflaters = new RecordingDeflaters();
        CompressedBody body = CompressedBody.start(ContentCoding.GZIP, 6, deflaters.failing(), ALLOC);
        List<ByteBuf> out = new ArrayList<>();
        ByteBuf content = ALLOC.buffer().writeBytes(new byte[100]);
        assertThrows(IllegalStateException.class, () -> body.compress(content, out));
        assertEquals(0, content.refCnt());
        assertTrue(out.isEmpty());
        assertThrows(IllegalStateException.class, () -> body.finish(out));
        assertTrue(out.isEmpty());
        assertEquals(0, deflaters.live(), "finish ends the deflater even when it fails");
    }

    static byte[] text(Random random, int length) {
        String[] words = {"the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dog ", "\n", "h1 "};
        StringBuilder text = new StringBuilder(length + 8);
        while (text.length() < length) {
            text.append(words[random.nextInt(words.length)]);
        }
        return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    /** Heap, direct, or a composite of two: the deflater reads each in place. */
    private static ByteBuf buffer(int kind, byte[] bytes) {
        return switch (kind) {
            case 0 -> ALLOC.heapBuffer(bytes.length).writeBytes(bytes);
            case 1 -> ALLOC.directBuffer(bytes.length).writeBytes(bytes);
            default -> {
                CompositeByteBuf composite = ALLOC.compositeBuffer();
                int half = bytes.length / 2;
                composite.addComponent(true, ALLOC.directBuffer().writeBytes(bytes, 0, half));
                composite.addComponent(true, ALLOC.heapBuffer().writeBytes(bytes, half, bytes.length - half));
                yield composite;
            }
        };
    }

    private static void drain(List<ByteBuf> out, ByteArrayOutputStream wire) {
        for (ByteBuf piece : out) {
            byte[] bytes = new byte[piece.readableBytes()];
            piece.readBytes(bytes);
            wire.writeBytes(bytes);
            piece.release();
        }
        out.clear();
    }
}
