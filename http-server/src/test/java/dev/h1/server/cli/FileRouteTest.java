package dev.h1.server.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** How {@code /files/...} paths map to files, and every way out of the directory refused; channel-free. */
class FileRouteTest {

    @TempDir
    static Path base;
    static Path served;
    static FileRoute route;

    @BeforeAll
    static void files() throws IOException {
        served = Files.createDirectories(base.resolve("public"));
        Files.writeString(base.resolve("secret.txt"), "secret", StandardCharsets.UTF_8);
        Files.writeString(served.resolve("hello.txt"), "hello", StandardCharsets.UTF_8);
        Files.createDirectories(served.resolve("sub"));
        Files.writeString(served.resolve("sub/page.html"), "<p>", StandardCharsets.UTF_8);
        Files.writeString(served.resolve("with space.txt"), " ", StandardCharsets.UTF_8);
        route = new FileRoute(served);
    }

    @Test
    void findsRegularFilesUnderTheDirectory() throws IOException {
        assertEquals(FileRoute.Lookup.found(served.resolve("hello.txt").toRealPath()),
                route.lookup("/files/hello.txt"));
        assertEquals(FileRoute.Lookup.found(served.resolve("sub/page.html").toRealPath()),
                route.lookup("/files/sub/page.html"));
        assertEquals(FileRoute.Lookup.found(served.resolve("with space.txt").toRealPath()),
                route.lookup("/files/with%20space.txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/files/missing.txt", "/files/sub", "/files/sub/", "/files/", "/files/bad%zzescape",
            "/files/%c3%28" /* invalid UTF-8 */, "/other/hello.txt"})
    void missingDirectoriesAndUnreadablePathsAreNotFound(String path) {
        assertEquals(FileRoute.Lookup.refused(404), route.lookup(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/%2E%2E/secret.txt",
            "/files/.%2e/secret.txt", "/files/..%2fsecret.txt", "/files/..%2Fsecret.txt", "/files/sub/../../secret.txt",
            "/files/sub/%2e%2e/%2e%2e/secret.txt", "/files/./hello.txt", "/files/sub/../hello.txt",
            "/files//etc/passwd", "/files/%2fetc%2fpasswd", "/files/..\\secret.txt", "/files/..%5csecret.txt",
            "/files/hello.txt%00.png", "/files/C:/Windows/win.ini", "/files/.."})
    void traversalIsForbidden(String path) {
        assertEquals(FileRoute.Lookup.refused(403), route.lookup(path));
    }

    @Test
    void aSymbolicLinkOutOfTheDirectoryIsForbidden() throws IOException {
        Path link = served.resolve("link.txt");
        try {
            Files.createSymbolicLink(link, base.resolve("secret.txt"));
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here: " + e);
        }
        try {
            assertEquals(FileRoute.Lookup.refused(403), route.lookup("/files/link.txt"));
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void withoutADirectoryEveryFileIsNotFound() {
        assertEquals(FileRoute.Lookup.refused(404), new FileRoute(null).lookup("/files/hello.txt"));
    }

    @Test
    void percentDecodingIsStrict() {
        assertEquals("a b/ü", FileRoute.percentDecode("a%20b%2F%C3%BC"));
        assertEquals("plain", FileRoute.percentDecode("plain"));
        assertNull(FileRoute.percentDecode("%2"));
        assertNull(FileRoute.percentDecode("%g0"));
        assertNull(FileRoute.percentDecode("%ff"));
    }

    @Test
    void contentTypesGoByExtensionInAnyCase() {
        assertEquals("text/html; charset=utf-8", ContentTypes.of("index.HTML"));
        assertEquals("image/png", ContentTypes.of("a.b.png"));
        assertEquals("application/octet-stream", ContentTypes.of("README"));
        assertEquals("application/octet-stream", ContentTypes.of("archive.unknown"));
    }
}
