package dev.h1.server.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One response body being compressed, piece by piece: each piece of content goes through a {@link Deflater} and
 * comes out as pooled buffers, so the body is never held whole and the channel's back-pressure applies to the
 * compressed bytes.
 *
 * <p><b>Why the JDK's zlib and not netty-codec-compression.</b> {@code java.util.zip} needs no extra dependency (the
 * server's runtime dependencies are netty-transport, -buffer and -handler), reads Netty's buffers in place through
 * {@link ByteBuffer}s and writes into pooled buffers the same way, and gives direct control of
 * {@link Deflater#SYNC_FLUSH}: what the application flushed becomes decodable by the client at once, which interactive
 * streams (server-sent events, progress output) need. gzip's framing (RFC 1952: a 10-byte header, CRC-32 and length)
 * is written here around a raw deflate stream; deflate is zlib's own format (RFC 1950), as RFC 9110 §8.4.1.2 defines
 * the coding.
 *
 * <p><b>Resources.</b> The deflater holds native memory until {@link Deflater#end()}: {@link #finish} ends it, and the
 * owner calls {@link #close()} on every other path (connection closed, handler removed, an exception). Each method
 * releases the content it is given and, if it throws, every piece it made.
 *
 * <p><b>Threading.</b> Confined to the channel's event loop.
 */
final class CompressedBody {

    /** RFC 1952 §2.3: ID1 ID2, CM = 8 (deflate), FLG = 0, MTIME = 0 (none), XFL = 0, OS = 255 (unknown). */
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int GZIP_TRAILER_BYTES = 8;
    private static final int MIN_PIECE = 512;
    private static final int MAX_PIECE = 64 * 1024;
    private static final byte[] NO_INPUT = {};

    private final Deflater deflater;
    /** The CRC-32 of the uncompressed bytes, for gzip's trailer; null for deflate. */
    private final CRC32 crc;
    private final ByteBufAllocator alloc;
    private boolean headerPending;
    private boolean open = true;

    private CompressedBody(Deflater deflater, CRC32 crc, ByteBufAllocator alloc) {
        this.deflater = deflater;
        this.crc = crc;
        this.alloc = alloc;
        this.headerPending = crc != null;
    }

    /** A body compressed with {@code coding} (gzip or deflate) at {@code level}. */
    static CompressedBody start(ContentCoding coding, int level, DeflaterFactory deflaters, ByteBufAllocator alloc) {
        boolean gzip = switch (coding) {
            case GZIP -> true;
            case DEFLATE -> false;
            case IDENTITY -> throw new IllegalArgumentException("identity is not a compression");
        };
        return new CompressedBody(deflaters.create(level, gzip), gzip ? new CRC32() : null, alloc);
    }

    /** Whether the deflater is still held (not finished or closed). */
    boolean isOpen() {
        return open;
    }

    /**
     * Feeds {@code content} to the deflater and releases it; adds to {@code out} whatever compressed bytes are ready
     * (possibly none: zlib keeps small input until it has a block, or until {@link #flush}).
     */
    void compress(ByteBuf content, List<ByteBuf> out) {
        int from = out.size();
        try {
            int hint = content.readableBytes() / 2;
            // In place: the readable bytes as the buffer's own ByteBuffers (heap or direct), without a copy.
            for (ByteBuffer input : content.nioBuffers()) {
                if (crc != null) {
                    crc.update(input.duplicate());
                }
                deflater.setInput(input);
                deflate(Deflater.NO_FLUSH, false, hint, out);
            }
            deflater.setInput(NO_INPUT); // the deflater must not keep a view of a buffer about to be released
        } catch (RuntimeException e) {
            releaseFrom(out, from);
            throw e;
        } finally {
            content.release();
        }
    }

    /** Adds to {@code out} everything compressed so far, ending on a byte boundary (zlib's sync flush). */
    void flush(List<ByteBuf> out) {
        int from = out.size();
        try {
            deflate(Deflater.SYNC_FLUSH, false, MIN_PIECE, out);
        } catch (RuntimeException e) {
            releaseFrom(out, from);
            throw e;
        }
    }

    /** Adds the rest of the body to {@code out}, with gzip's trailer, and ends the deflater. */
    void finish(List<ByteBuf> out) {
        int from = out.size();
        try {
            deflater.finish();
            ByteBuf last = deflate(Deflater.NO_FLUSH, true, MIN_PIECE, out);
            if (crc != null) {
                if (last == null || last.writableBytes() < GZIP_TRAILER_BYTES) {
                    addIfReadable(last, out);
                    last = alloc.buffer(GZIP_TRAILER_BYTES);
                }
                // RFC 1952 §2.3.1: CRC32 and ISIZE (the input length modulo 2^32), little-endian.
                last.writeIntLE((int) crc.getValue());
                last.writeIntLE((int) deflater.getBytesRead());
            }
            addIfReadable(last, out);
        } catch (RuntimeException e) {
            releaseFrom(out, from);
            throw e;
        } finally {
            close();
        }
    }

    /** Frees the deflater's native memory; idempotent. */
    void close() {
        if (open) {
            open = false;
            deflater.end();
        }
    }

    /**
     * Runs the deflater until it needs input (or, {@code finishing}, until the stream is finished), adding full pieces
     * to {@code out}; returns the last piece, not yet added (null if none was begun), so that {@link #finish} can
     * append the trailer to it.
     */
    private ByteBuf deflate(int flushMode, boolean finishing, int sizeHint, List<ByteBuf> out) {
        ByteBuf piece = null;
        int size = Math.max(MIN_PIECE, Math.min(MAX_PIECE, sizeHint));
        try {
            while (true) {
                if (piece == null) {
                    piece = alloc.buffer(size);
                    size = MAX_PIECE; // a piece filled up: there is more
                    if (headerPending) {
                        piece.writeBytes(GZIP_HEADER);
                        headerPending = false;
                    }
                }
                int room = piece.writableBytes();
                int written = deflater.deflate(piece.nioBuffer(piece.writerIndex(), room), flushMode);
                piece.writerIndex(piece.writerIndex() + written);
                if (written == room) {
                    out.add(piece); // zlib stopped because the piece is full: call it again (Deflater#deflate)
                    piece = null;
                } else if (finishing ? deflater.finished() : deflater.needsInput()) {
                    break;
                } else if (written == 0) {
                    throw new IllegalStateException("the deflater made no progress"); // never loop for ever
                }
            }
        } catch (RuntimeException e) {
            ReferenceCountUtil.release(piece);
            throw e;
        }
        if (finishing) {
            return piece;
        }
        addIfReadable(piece, out);
        return null;
    }

    private static void addIfReadable(ByteBuf piece, List<ByteBuf> out) {
        if (piece == null) {
            return;
        }
        if (piece.isReadable()) {
            out.add(piece);
        } else {
            piece.release();
        }
    }

    private static void releaseFrom(List<ByteBuf> out, int from) {
        while (out.size() > from) {
            out.remove(out.size() - 1).release();
        }
    }
}
