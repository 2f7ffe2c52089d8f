package dev.h1.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * The validators of one file's current content (RFC 9110 §8.8): its {@code ETag} and {@code Last-Modified}, with the
 * length they were read with.
 *
 * <p>The entity-tag is strong and made of the size and the modification time in microseconds (hexadecimal), as
 * nginx and Apache make theirs: it changes with every write the file system dates, so it can answer If-Match and
 * If-Range, which only strong tags can. A rewrite that keeps the size within one timestamp tick would go unseen, the
 * usual price of not hashing the content.
 *
 * <p>Immutable; thread-safe.
 *
 * @param length       the file's size in bytes
 * @param etag         the strong entity-tag, quoted
 * @param lastModified the modification time in epoch seconds, never after the time it was read (§8.8.2.1)
 */
record FileValidators(long length, String etag, long lastModified) {

    /** Reads {@code file}'s attributes; {@code nowMillis} bounds a modification time in the future. */
    static FileValidators of(Path file, long nowMillis) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        long micros = attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS);
        String etag = "\"" + Long.toHexString(attributes.size()) + "-" + Long.toHexString(micros) + "\"";
        long seconds = Math.min(attributes.lastModifiedTime().to(TimeUnit.SECONDS), nowMillis / 1000);
        return new FileValidators(attributes.size(), etag, seconds);
    }

    /** {@code Last-Modified} as sent. */
    String lastModifiedDate() {
        return HttpDates.format(lastModified);
    }
}
