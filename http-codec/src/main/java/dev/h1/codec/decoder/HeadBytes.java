package dev.h1.codec.decoder;

import dev.h1.codec.internal.ThreadSpare;
import io.netty.buffer.ByteBuf;

/**
 * A copy of the first readable bytes of the input in a plain array, which the readers of request lines, field
 * sections and chunk-size lines scan and make their strings from. Reading a {@link ByteBuf} byte by byte
 * ({@code getByte}, {@code forEachByte}) pays Netty's bounds and reference-count checks, and a call through a
 * {@code ByteProcessor}, on every byte; the copy is made with one {@code getBytes} per step and then read with plain
 * array loads. {@code DecoderBenchmark} (http-tests), thread CPU time per operation, median of 11 rounds interleaved
 * with Netty's decoder on a shared 2-CPU machine (about 5% noise): BROWSER_GET 932 to 904 ns, PLAINTEXT_PIPELINED_16
 * 6739 to 6493 ns (in a busier run 1030 to 930 and 7885 to 6638), CHUNKED_POST_4X256 1041 to 1171 ns (slower: a
 * chunk-size line is too short for a copy to pay).
 *
 * <p>Indexes are relative to the reader index, like the scan positions of {@link LineScanner}: relative index
 * {@code r} is {@code array()[offset() + r]}. The copy stays valid across calls because readable bytes never change
 * until they are consumed ({@code ByteToMessageDecoder}'s cumulation may move them to another buffer, never alter
 * them), provided that every byte the decoder consumes is consumed through {@link #skip} or
 * {@link #readRetainedSlice}, which move the copy's start along.
 *
 * <p>Bytes are copied in steps, and only once each: a request that arrives byte by byte is copied byte by byte. A
 * step may copy up to {@code step - 1} bytes beyond the line being read (the next request's, or body bytes); those are
 * only looked at once a reader gets to them, and body bytes still leave the decoder as retained slices of the input.
 * The array grows to the longest line window scanned plus one step, so its size is bounded by the limits of
 * {@link dev.h1.codec.DecoderConfig}.
 *
 * <p>The array is held only while bytes are copied and not consumed: when a read batch ends with nothing copied, as
 * it does after every whole request, {@link #release} gives it back to the event loop's spare ({@link ThreadSpare}),
 * and the next read takes it again. So an idle keep-alive connection holds no array: heap histograms of 10,000
 * EmbeddedChannels that each served one browser-like GET (http-tests' PipelineBenchmark pipeline) kept about 1 KiB
 * less per connection. A connection in the middle of a head keeps its copy, so that bytes are still copied only once.
 * The hand-over costs each read batch two thread-local lookups and reference stores: DecoderBenchmark BROWSER_GET, one
 * batch per decode, about 7 % fewer decodes a second in interleaved rounds (docs/BENCHMARKS.md, twelfth session);
 * PipelineBenchmark showed no change beyond its noise.
 */
final class HeadBytes {

    /**
     * The step of the request line and field section readers: a whole head of a typical request (a browser's GET is
     * about 500 bytes) in one copy.
     */
    static final int HEAD_STEP = 512;
    /** The step of the chunk-size reader: a chunk-size line is a few bytes, and chunk data follows it. */
    static final int CHUNK_LINE_STEP = 16;

    private static final int INITIAL_CAPACITY = 1024;
    /** The array while nothing is copied. */
    private static final byte[] NONE = new byte[0];
    private static final ThreadSpare<byte[]> SPARE = new ThreadSpare<>(() -> new byte[INITIAL_CAPACITY]);

    private byte[] bytes = NONE;
    /** The array index of the byte at the reader index. */
    private int start;
    /** The array index after the last copied byte. */
    private int end;

    /**
     * Copies more of the input if the copy does not yet reach past relative index {@code from}: up to
     * {@code from + step}, and never beyond {@code limit}. Returns the relative index where the copy ends, which is
     * above {@code from} and at most {@code limit}.
     *
     * @param from  a relative index below {@code limit}
     * @param limit a relative index, at most {@code in.readableBytes()}
     * @param step  how far beyond {@code from} to copy at once
     */
    int copyPast(ByteBuf in, int from, int limit, int step) {
        int copied = end - start;
        if (copied <= from) {
            int target = (int) Math.min(limit, (long) from + step);
            ensureCapacity(target);
            in.getBytes(in.readerIndex() + copied, bytes, start + copied, target - copied);
            end = start + target;
            copied = target;
        }
        return Math.min(copied, limit);
    }

    /**
     * Copies at least the first {@code min(wanted, limit)} bytes of the input, in steps of {@link #HEAD_STEP}, so
     * that a line known to be {@code wanted} bytes long is seen whole even when the last step ended inside it.
     * Returns the relative index where the copy ends, which is above 0 and at most {@code limit}.
     *
     * @param limit a relative index above 0, at most {@code in.readableBytes()}
     */
    int copyAtLeast(ByteBuf in, int wanted, int limit) {
        int copied = copyPast(in, 0, limit, HEAD_STEP);
        if (copied < wanted && copied < limit) {
            copied = copyPast(in, Math.min(wanted, limit) - 1, limit, HEAD_STEP);
        }
        return copied;
    }

    /**
     * The byte at relative index {@code index}, copying it first if need be, with up to {@link #CHUNK_LINE_STEP} - 1
     * bytes after it; the caller knows it has arrived. A byte looked at alone is mostly one of a few read next: the
     * CRLF after chunk data and the chunk-size line after it come in one copy rather than three. DecoderBenchmark,
     * CHUNKED_POST_4X256: 1320 ns per decode when this copied single bytes, 1171 ns now (thread CPU time, as above).
     */
    byte get(ByteBuf in, int index) {
        if (start + index >= end) {
            copyPast(in, index, in.readableBytes(), CHUNK_LINE_STEP);
        }
        return bytes[start + index];
    }

    /** The array that holds the copy; valid until the next call that copies. */
    byte[] array() {
        return bytes;
    }

    /** The array index of relative index 0; valid until the next call that copies or consumes. */
    int offset() {
        return start;
    }

    /** Consumes {@code length} bytes of the input. */
    void skip(ByteBuf in, int length) {
        in.skipBytes(length);
        consumed(length);
    }

    /** Consumes {@code length} bytes of the input as a retained slice: body bytes leave the decoder this way. */
    ByteBuf readRetainedSlice(ByteBuf in, int length) {
        ByteBuf slice = in.readRetainedSlice(length);
        consumed(length);
        return slice;
    }

    /**
     * The read batch is handled: if nothing is copied, the array goes back to the thread's spare (or, if it grew for
     * a long head, is dropped), and the next copy takes one again. Indexes stay valid: they are relative to the reader
     * index, and a copy made again holds the same bytes.
     */
    void release() {
        if (start != end || bytes == NONE) {
            return;
        }
        if (bytes.length == INITIAL_CAPACITY) {
            SPARE.giveBack(bytes);
        }
        bytes = NONE;
        start = 0;
        end = 0;
    }

    private void consumed(int length) {
        start += length;
        if (start >= end) {
            start = 0;
            end = 0;
        }
    }

    /** Makes room for relative indexes below {@code target}: moves the copy to the front, and grows if needed. */
    private void ensureCapacity(int target) {
        if (start + target <= bytes.length) {
            return;
        }
        if (bytes == NONE) { // nothing copied (start and end are 0): take the thread's spare
            bytes = SPARE.take();
            if (target <= bytes.length) {
                return;
            }
        }
        int copied = end - start;
        if (target > bytes.length) {
            byte[] larger = new byte[Math.max(target, 2 * bytes.length)];
            System.arraycopy(bytes, start, larger, 0, copied);
            bytes = larger;
        } else {
            System.arraycopy(bytes, start, bytes, 0, copied);
        }
        start = 0;
        end = copied;
    }
}
