package dev.h1.server.exchange;

import dev.h1.codec.ResponseContent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.ssl.SslHandler;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file sent as a whole response body: as a {@link DefaultFileRegion} (zero-copy {@code sendfile}) when bytes go
 * to the socket as they are, or in pooled pieces read from the file, respecting back-pressure, when a handler must see
 * them (TLS).
 *
 * <p><b>Threading.</b> {@link #open} runs on the caller's thread, so that a file that cannot be sent fails the call
 * before anything is claimed; the rest runs on the event loop. <b>Resources.</b> The file is closed when sent, when the
 * region that took it is released, or when the exchange is aborted.
 */
final class FileSender {

    private static final int PIECE_BYTES = 64 * 1024;

    private final FileChannel file;
    private final long offset;
    private final long count;
    private long position;
    private long remaining;
    /** A pump is under way: a flush inside it that makes the channel writable must not start another. */
    private boolean pumping;

    private FileSender(FileChannel file, long offset, long count) {
        this.file = file;
        this.offset = offset;
        this.count = count;
        this.position = offset;
        this.remaining = count;
    }

    /** Opens {@code path} for sending {@code length} bytes from {@code offset} ({@code length < 0}: to the end). */
    static FileSender open(Path path, long offset, long length) throws IOException {
        FileChannel file = FileChannel.open(path, StandardOpenOption.READ);
        try {
            if (!Files.isRegularFile(path)) {
                // A directory opens on some systems but fails on the first read, after the head went out.
                throw new FileSystemException(path.toString(), null, "not a regular file");
            }
            long size = file.size();
            if (offset < 0 || offset > size) {
                throw new IllegalArgumentException("offset " + offset + " outside the file (" + size + " bytes)");
            }
            return new FileSender(file, offset, length < 0 ? size - offset : Math.min(length, size - offset));
        } catch (IOException | RuntimeException e) {
            closeQuietly(file);
            throw e;
        }
    }

    /** How many bytes will be sent: the body's Content-Length. */
    long count() {
        return count;
    }

    /**
     * Writes the whole body after the head as one zero-copy region, unless a handler in the pipeline must see the
     * bytes (TLS); returns false then, and {@link #pump} reads the file in pieces.
     */
    boolean sendZeroCopy(ChannelHandlerContext ctx) {
        if (count == 0) {
            close();
            return true;
        }
        if (ctx.pipeline().get(SslHandler.class) != null) {
            return false;
        }
        remaining = 0;
        ctx.write(new DefaultFileRegion(file, offset, count), ctx.voidPromise()); // the region closes the file
        return true;
    }

    /**
     * Writes pieces while the channel is writable; returns whether the whole file is written (false when called again
     * from within a pump, which goes on itself). Throws when the file cannot be read (the file is closed then): the
     * body cannot be completed.
     */
    boolean pump(ChannelHandlerContext ctx) throws IOException {
        if (pumping) {
            return false;
        }
        pumping = true;
        try {
            while (remaining > 0 && ctx.channel().isWritable()) {
                int length = (int) Math.min(PIECE_BYTES, remaining);
                ByteBuf piece = ctx.alloc().buffer(length);
                try {
                    int read = piece.writeBytes(file, position, length);
                    if (read <= 0) {
                        throw new IOException("file ended early");
                    }
                    position += read;
                    remaining -= read;
                } catch (IOException | RuntimeException e) {
                    piece.release();
                    throw e;
                }
                ctx.write(new ResponseContent(piece), ctx.voidPromise());
                ctx.flush();
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } finally {
            pumping = false;
        }
        if (remaining > 0) {
            return false;
        }
        close();
        return true;
    }

    void close() {
        closeQuietly(file);
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // nothing left to do with a file we only read
        }
    }
}
