package dev.h1.server.cli;

import dev.h1.server.api.ServerRequest;
import dev.h1.server.api.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * {@code GET /files/<path>}: sends the regular file at {@code <path>} under the served directory with
 * {@link ServerResponse#sendFile}, typed by {@link ContentTypes}.
 *
 * <p><b>Path traversal</b> is refused before the file system is asked anything: the path is percent-decoded once
 * (so {@code %2e%2e} and {@code %2f} are seen for what they are), then a dot segment ({@code .} or {@code ..}), a
 * backslash, a NUL or an absolute path is answered 403; the resolved file must lie under the directory both lexically
 * and after following symbolic links (403 otherwise). Missing files, directories and anything not a regular file are
 * 404.
 *
 * <p><b>Caching and ranges.</b> A file is sent with a strong {@code ETag} and {@code Last-Modified}
 * ({@link FileValidators}) and {@code Accept-Ranges: bytes}. Conditional requests are answered per RFC 9110 §13
 * ({@link Preconditions}): 304 for a current cached copy, 412 for a failed If-Match or If-Unmodified-Since. A GET with
 * one byte range ({@code bytes=a-b}, {@code a-}, {@code -n}) gets 206 with {@code Content-Range}, sent from the file's
 * offset with {@link ServerResponse#sendFile(Path, long, long)}; a range past the end gets 416 with
 * {@code Content-Range: bytes *}{@code /length}; several ranges, or a Range that If-Range does not allow, get the
 * whole file (200) ({@link ByteRange}).
 *
 * <p>Thread-safe (immutable). The file-system checks block briefly on the event loop, acceptable for a demo server.
 */
final class FileRoute {

    static final String PREFIX = "/files/";

    /** The served directory with its symbolic links resolved, or {@code null} when no directory is served. */
    private final Path root;

    /** @param dir the directory to serve, or {@code null} to answer every file request 404 */
    FileRoute(Path dir) {
        try {
            this.root = dir == null ? null : dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve " + dir, e);
        }
    }

    /** Where a request path led: a file to send ({@code status} 200), or the status to refuse it with. */
    record Lookup(int status, Path file) {

        static Lookup found(Path file) {
            return new Lookup(200, file);
        }

        static Lookup refused(int status) {
            return new Lookup(status, null);
        }
    }

    /** Answers a GET or HEAD of a file: see the class comment. */
    void serve(ServerRequest req, ServerResponse res) {
        Lookup lookup = lookup(req.path());
        if (lookup.file() == null) {
            Replies.status(res, lookup.status());
            return;
        }
        Path file = lookup.file();
        FileValidators validators;
        try {
            validators = FileValidators.of(file, System.currentTimeMillis());
        } catch (IOException | SecurityException e) { // gone since the lookup
            Replies.status(res, 404);
            return;
        }
        switch (Preconditions.evaluate(req, validators)) {
            case FAILED -> Replies.status(res, 412);
            case NOT_MODIFIED -> {
                // A 304 carries the validators a 200 would (RFC 9110 §15.4.5), and no content.
                setValidators(res, validators);
                res.statusCode(304);
                res.end();
            }
            case PROCEED -> send(req, res, file, validators);
        }
    }

    private static void send(ServerRequest req, ServerResponse res, Path file, FileValidators validators) {
        String rangeField = req.header("Range");
        // Range is defined for GET only (RFC 9110 §14.2): a HEAD gets the head of the whole file's 200.
        boolean ranged = rangeField != null && req.method().equals("GET")
                && Preconditions.rangeApplies(req, validators);
        ByteRange range = ranged ? ByteRange.of(rangeField, validators.length()) : new ByteRange.Whole();
        res.setHeader("Accept-Ranges", "bytes");
        if (range instanceof ByteRange.Unsatisfiable) {
            res.setHeader("Content-Range", ByteRange.Unsatisfiable.contentRange(validators.length()));
            Replies.status(res, 416);
            return;
        }
        setValidators(res, validators);
        res.setHeader("Content-Type", ContentTypes.of(file.getFileName().toString()));
        if (range instanceof ByteRange.Part part) {
            res.statusCode(206);
            res.setHeader("Content-Range", part.contentRange(validators.length()));
            res.sendFile(file, part.first(), part.length());
        } else {
            res.sendFile(file);
        }
        if (!res.writableEnded()) { // the file could not be opened after all: nothing was sent
            res.removeHeader("ETag").removeHeader("Last-Modified").removeHeader("Content-Range");
            Replies.status(res, 404);
        }
    }

    private static void setValidators(ServerResponse res, FileValidators validators) {
        res.setHeader("ETag", validators.etag());
        res.setHeader("Last-Modified", validators.lastModifiedDate());
    }

    /** Finds the file for {@code requestPath} (the raw path of the target, starting with {@link #PREFIX}). */
    Lookup lookup(String requestPath) {
        if (root == null || !requestPath.startsWith(PREFIX)) {
            return Lookup.refused(404);
        }
        String relative = percentDecode(requestPath.substring(PREFIX.length()));
        if (relative == null || relative.isEmpty()) {
            return Lookup.refused(404);
        }
        if (isTraversal(relative)) {
            return Lookup.refused(403);
        }
        Path file;
        try {
            file = root.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            return Lookup.refused(404);
        }
        if (!file.startsWith(root)) {
            return Lookup.refused(403);
        }
        return regularFileUnderRoot(file);
    }

    private Lookup regularFileUnderRoot(Path file) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException | SecurityException e) { // NoSuchFileException and friends
            return Lookup.refused(404);
        }
        if (!real.startsWith(root)) { // a symbolic link out of the directory
            return Lookup.refused(403);
        }
        return Files.isRegularFile(real) && Files.isReadable(real) ? Lookup.found(real) : Lookup.refused(404);
    }

    /** A path that could name something outside the directory, whatever the platform's separator. */
    private static boolean isTraversal(String relative) {
        if (relative.startsWith("/") || relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0
                || relative.indexOf(':') >= 0) { // ':' : a Windows drive ("C:") or stream name
            return true;
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** RFC 3986 §2.1 percent-decoding to UTF-8; {@code null} for a malformed escape or invalid UTF-8. */
    static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        byte[] utf8 = raw.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length];
        int n = 0;
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] != '%') {
                out[n++] = utf8[i];
                continue;
            }
            int high = i + 2 < utf8.length ? Character.digit(utf8[i + 1], 16) : -1;
            int low = high >= 0 ? Character.digit(utf8[i + 2], 16) : -1;
            if (low < 0) {
                return null;
            }
            out[n++] = (byte) (high << 4 | low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out, 0, n)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
