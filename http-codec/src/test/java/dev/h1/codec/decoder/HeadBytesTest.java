package dev.h1.codec.decoder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HeadBytes} mirrors the readable bytes of the input exactly, whatever kind of buffer holds them, however far
 * the copy has got, and however the bytes are consumed: every reader of the decoder judges the copy, not the input.
 */
class HeadBytesTest {

    /** Every byte value at every index, so that a copy that is off by one or sign-extends shows. */
    private static byte[] everyByteValue(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + 3);
        }
        return bytes;
    }

    private static void assertMirrors(HeadBytes head, ByteBuf in, int length) {
        byte[] expected = new byte[length];
        in.getBytes(in.readerIndex(), expected);
        byte[] actual = Arrays.copyOfRange(head.array(), head.offset(), head.offset() + length);
        assertArrayEquals(expected, actual);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void copiesTheReadableBytesOfEveryKindOfBuffer(BufferKind kind) {
        byte[] content = everyByteValue(600);
        ByteBuf in = kind.of(content);
        try {
            HeadBytes head = new HeadBytes();
            for (int from = 0; from < content.length; from += 37) {
                int copied = head.copyPast(in, from, content.length, 50);
                assertTrue(copied > from && copied <= Math.min(content.length, from + 50), "copied " + copied);
                assertMirrors(head, in, copied);
                assertEquals(content[from], head.get(in, from));
            }
            for (int i = 0; i < content.length; i++) {
                assertEquals(content[i], head.get(in, i), "byte " + i);
            }
        } finally {
            in.release();
        }
    }

    /** A line known to be longer than what one step copied is copied whole, never beyond the limit. */
    @Test
    void copiesAtLeastAWantedLengthWithinTheLimit() {
        byte[] content = everyByteValue(3 * HeadBytes.HEAD_STEP);
        ByteBuf in = Unpooled.wrappedBuffer(content);
        try {
            HeadBytes head = new HeadBytes();
            assertEquals(HeadBytes.HEAD_STEP, head.copyAtLeast(in, 0, content.length), "one step when none wanted");
            head.skip(in, HeadBytes.HEAD_STEP - 10); // the copy now ends 10 bytes in
            assertEquals(10, head.copyAtLeast(in, 10, content.length), "what is there already suffices");
            int copied = head.copyAtLeast(in, 300, content.length);
            assertTrue(copied >= 300 && copied <= 300 + HeadBytes.HEAD_STEP, "copied " + copied);
            assertMirrors(head, in, copied);
            assertEquals(200, head.copyAtLeast(in, 300, 200), "at most the limit, whatever was copied before");
            HeadBytes fresh = new HeadBytes();
            assertEquals(40, fresh.copyAtLeast(in, 600, 40), "never beyond the limit");
            assertMirrors(fresh, in, 40);
        } finally {
            in.release();
        }
    }

    @Test
    void copiesOnlyUpToTheLimitAndOneStepBeyondWhereTheCopyIsNeeded() {
        ByteBuf in = Unpooled.wrappedBuffer(everyByteValue(100));
        assertEquals(10, new HeadBytes().copyPast(in, 0, 10, 16), "up to the limit if it is closer than a step");
        HeadBytes head = new HeadBytes();
        assertEquals(16, head.copyPast(in, 0, 100, 16));
        assertEquals(16, head.copyPast(in, 15, 100, 16), "nothing more while the copy reaches past 15");
        assertEquals(12, head.copyPast(in, 11, 12, 16), "what is copied, up to the limit");
        assertEquals(32, head.copyPast(in, 16, 100, 16));
        assertEquals(100, head.copyPast(in, 90, 100, 16), "never beyond the limit");
        assertMirrors(head, in, 100);
    }

    /** {@code get} copies up to the byte it was asked for when the copy does not reach it, and a short step on. */
    @Test
    void getsBytesThatAreNotCopiedYet() {
        byte[] content = everyByteValue(60);
        ByteBuf in = Unpooled.wrappedBuffer(content);
        HeadBytes head = new HeadBytes();
        assertEquals(content[30], head.get(in, 30));
        assertEquals(content[3], head.get(in, 3));
        assertEquals(30 + HeadBytes.CHUNK_LINE_STEP, head.copyPast(in, 30, 60, 1));
        assertMirrors(head, in, 30 + HeadBytes.CHUNK_LINE_STEP);
        assertEquals(content[59], head.get(in, 59), "the last byte, with no more to copy after it");
        assertMirrors(head, in, 60);
    }

    /**
     * Consuming through {@code skip} and {@code readRetainedSlice} moves the copy's start along, past copied and
     * uncopied bytes alike, and the copy keeps mirroring the input while it is moved to the front of its array and
     * grown beyond its first capacity. Between steps the readable bytes move to a new buffer of another kind, as
     * {@code ByteToMessageDecoder}'s cumulation may move them.
     */
    @Test
    void staysInStepWithTheInputThroughConsumptionGrowthAndMovedCumulations() {
        Random random = new Random(20261205);
        for (int round = 0; round < 300; round++) {
            byte[] content = new byte[random.nextInt(5000)];
            random.nextBytes(content);
            ByteBuf in = BufferKind.values()[round % BufferKind.values().length].of(content);
            HeadBytes head = new HeadBytes();
            try {
                while (in.isReadable()) {
                    int readable = in.readableBytes();
                    int limit = 1 + random.nextInt(readable);
                    int from = random.nextInt(limit);
                    int copied = head.copyPast(in, from, limit, 1 + random.nextInt(2048));
                    assertTrue(copied > from && copied <= limit);
                    assertMirrors(head, in, copied);
                    int consume = 0;
                    switch (random.nextInt(4)) {
                        case 0 -> {
                            consume = random.nextInt(Math.min(readable, 3000) + 1);
                            head.skip(in, consume);
                        }
                        case 1 -> {
                            consume = random.nextInt(Math.min(readable, 3000) + 1);
                            head.readRetainedSlice(in, consume).release();
                        }
                        case 2 -> head.release(); // the end of a read batch: a copy still needed is kept
                        default -> {
                            ByteBuf moved = BufferKind.values()[random.nextInt(BufferKind.values().length)]
                                    .of(readBytes(in, readable));
                            in.release();
                            in = moved;
                        }
                    }
                    int stillCopied = Math.max(0, Math.min(copied - consume, in.readableBytes()));
                    assertMirrors(head, in, stillCopied);
                }
            } finally {
                in.release();
            }
        }
    }

    /**
     * At the end of a read batch a copy whose bytes are all consumed gives its array back (an idle connection holds
     * none), a copy still needed stays, and copying after a release mirrors the input as before.
     */
    @Test
    void holdsNoArrayOnceEverythingCopiedIsConsumed() {
        byte[] content = everyByteValue(100);
        ByteBuf in = Unpooled.wrappedBuffer(content);
        HeadBytes head = new HeadBytes();
        assertEquals(0, head.array().length, "nothing copied yet, no array");
        assertEquals(16, head.copyPast(in, 0, 100, 16));
        head.skip(in, 10);
        head.release();
        assertMirrors(head, in, 6);
        assertEquals(content[10], head.get(in, 0), "the copy still needed is kept");
        head.skip(in, 6);
        head.release();
        assertEquals(0, head.array().length, "all consumed: the array is given back");
        assertEquals(content[16], head.get(in, 0));
        assertEquals(HeadBytes.CHUNK_LINE_STEP, head.copyPast(in, 0, 84, HeadBytes.HEAD_STEP));
        assertMirrors(head, in, HeadBytes.CHUNK_LINE_STEP);
        head.skip(in, 84);
        head.release();
        assertEquals(0, head.array().length);
    }

    /** A copy grown for a long head is dropped at the end of the batch, not kept by the connection. */
    @Test
    void dropsAnArrayGrownForALongHead() {
        ByteBuf in = Unpooled.wrappedBuffer(everyByteValue(5000));
        HeadBytes head = new HeadBytes();
        head.copyAtLeast(in, 4000, 5000);
        assertTrue(head.array().length >= 4000);
        head.skip(in, 5000);
        head.release();
        assertEquals(0, head.array().length);
    }

    private static byte[] readBytes(ByteBuf in, int length) {
        byte[] bytes = new byte[length];
        in.getBytes(in.readerIndex(), bytes);
        return bytes;
    }

    @Test
    void slicesHoldTheConsumedBytes() {
        byte[] content = everyByteValue(64);
        ByteBuf in = Unpooled.wrappedBuffer(content);
        HeadBytes head = new HeadBytes();
        head.copyPast(in, 0, 64, 64);
        head.skip(in, 10);
        ByteBuf slice = head.readRetainedSlice(in, 20);
        try {
            assertArrayEquals(Arrays.copyOfRange(content, 10, 30), readBytes(slice, 20));
            assertEquals(content[30], head.get(in, 0));
            assertMirrors(head, in, 34);
        } finally {
            slice.release();
            in.release();
        }
    }
}
