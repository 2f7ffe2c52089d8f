package dev.h1.server.connection;

import dev.h1.codec.ResponseContent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.ssl.SslHandler;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a file as a whole response body: as a {@link DefaultFileRegion} (zero-copy {@code sendfile}) when bytes go
 * to the socket as they are, or in pooled pieces read from the file, respecting back-pressure, when a handler must
 * see them (TLS). Runs on the event loop.
 */
final class FileSender {

    private static final int PIECE_BYTES = 64 * 1024;

    private final DefaultServerResponse response;
    private final FileChannel file;
    private final CompletableFuture<Void> sent;
    private long position;
    private long remaining;

    private FileSender(DefaultServerResponse response, FileChannel file, long offset, long count,
                       CompletableFuture<Void> sent) {
        this.response = response;
        this.file = file;
        this.position = offset;
        this.remaining = count;
        this.sent = sent;
    }

    static void send(DefaultServerResponse response, Path path, long offset, long length,
                     CompletableFuture<Void> sent) {
        FileChannel file;
        long count;
        try {
            file = FileChannel.open(path, StandardOpenOption.READ);
            if (!Files.isRegularFile(path)) {
                // A directory opens on some systems but fails on the first read, after the head went out.
                file.close();
                throw new FileSystemException(path.toString(), null, "not a regular file");
            }
            long size = file.size();
            if (offset < 0 || offset > size) {
                file.close();
                throw new IllegalArgumentException("offset " + offset + " outside the file (" + size + " bytes)");
            }
            count = length < 0 ? size - offset : Math.min(length, size - offset);
        } catch (IOException | RuntimeException e) {
            sent.completeExceptionally(e);
            return;
        }
        response.ensureHeadSent(count);
        Http1Connection connection = response.exchange().connection();
        if (!response.isBodyAllowed() || count == 0) {
            closeQuietly(file);
            response.finishWith(sent);
        } else if (connection.channel().pipeline().get(SslHandler.class) == null) {
            connection.write(new DefaultFileRegion(file, offset, count)); // the region closes the file when done
            response.finishWith(sent);
        } else {
            FileSender sender = new FileSender(response, file, offset, count, sent);
            response.onDrain(sender::pump);
            // The connection may close while pieces wait for writability: the file must not stay open.
            response.finished().whenComplete((ok, failure) -> {
                if (failure != null) {
                    closeQuietly(file);
                    sent.completeExceptionally(failure);
                }
            });
            sender.pump();
        }
    }

    /** Writes pieces while the connection is writable; the drain notification calls it again. */
    private void pump() {
        Http1Connection connection = response.exchange().connection();
        try {
            while (remaining > 0 && !sent.isDone() && !response.isDone()) {
                if (!connection.channel().isWritable()) {
                    response.requestDrain(); // resumed by the drain notification
                    break;
                }
                int length = (int) Math.min(PIECE_BYTES, remaining);
                ByteBuf piece = connection.channel().alloc().buffer(length);
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
                connection.write(new ResponseContent(piece));
                connection.flush();
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(file);
            sent.completeExceptionally(e);
            connection.closeNow(dev.h1.server.api.CloseReason.APPLICATION_ERROR);
            return;
        }
        if (remaining == 0 && !sent.isDone() && !response.isDone()) {
            closeQuietly(file);
            response.finishWith(sent);
        }
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // nothing left to do with a file we only read
        }
    }
}
