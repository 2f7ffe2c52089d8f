package dev.h1.server.connection;

import dev.h1.server.api.ServerResponse;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.testing.Outbound;
import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import io.netty.handler.ssl.SslHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import static dev.h1.server.testing.EmbeddedServer.KEEP_ALIVE;
import static dev.h1.server.testing.EmbeddedServer.failure;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.head;
import static dev.h1.server.testing.EmbeddedServer.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** sendFile: a zero-copy {@link FileRegion} on a plain channel, pieces read from the file under TLS. */
class SendFileTest {

    @TempDir
    Path dir;
    private Path file;
    private String content;

    private EmbeddedServer server;
    private ServerResponse res;

    @BeforeEach
    void writeFile() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 150_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        content = text.substring(0, 150_000);
        file = dir.resolve("data.txt");
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);
    }

    private void start(String request) {
        AtomicReference<ServerResponse> response = new AtomicReference<>();
        server = EmbeddedServer.start((req, r) -> response.set(r));
        server.send(request);
        res = response.get();
    }

    /** The wire text, and the kinds of the pieces that carried it. */
    private String wire(List<Class<?>> kinds) {
        StringBuilder text = new StringBuilder();
        for (Object piece; (piece = server.channel().readOutbound()) != null; ) {
            kinds.add(piece instanceof FileRegion ? FileRegion.class : ByteBuf.class);
            text.append(Outbound.text(piece));
        }
        return text.toString();
    }

    @Test
    void aWholeFileGoesOutAsAFileRegionWithContentLength() {
        start(get("/data.txt"));
        res.setHeader("Content-Type", "text/plain");
        CompletionStage<Void> sent = res.sendFile(file);

        List<Class<?>> kinds = new ArrayList<>();
        assertEquals(head("HTTP/1.1 200 OK", "Content-Type: text/plain", "Content-Length: 150000", KEEP_ALIVE)
                + content, wire(kinds));
        assertEquals(1, kinds.stream().filter(FileRegion.class::equals).count(), "one region: " + kinds);
        assertTrue(succeeded(sent));
        assertTrue(succeeded(res.finished()));
        assertTrue(res.writableEnded());
        server.finish();
    }

    @Test
    void aRangeOfTheFileIsSentWithItsLength() {
        start(get("/data.txt"));
        CompletionStage<Void> sent = res.sendFile(file, 1000, 500);

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 500", KEEP_ALIVE) + content.substring(1000, 1500),
                server.output());
        assertTrue(succeeded(sent));
        server.finish();
    }

    @Test
    void aRangePastTheEndIsCutAtTheEnd() {
        start(get("/data.txt"));
        res.sendFile(file, 149_990, 1000);

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 10", KEEP_ALIVE) + content.substring(149_990),
                server.output());
        server.finish();
    }

    @Test
    void aNegativeLengthMeansToTheEnd() {
        start(get("/data.txt"));
        res.sendFile(file, 149_000, -1);

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 1000", KEEP_ALIVE) + content.substring(149_000),
                server.output());
        server.finish();
    }

    @Test
    void anEmptyFileIsAnEmptyBody() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty"));
        start(get("/empty"));
        CompletionStage<Void> sent = res.sendFile(empty);

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 0", KEEP_ALIVE), server.output());
        assertTrue(succeeded(sent));
        server.finish();
    }

    @Test
    void aHeadRequestGetsTheLengthOnly() {
        start("HEAD /data.txt HTTP/1.1\r\nHost: x\r\n\r\n");
        CompletionStage<Void> sent = res.sendFile(file);

        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 150000", KEEP_ALIVE), server.output());
        assertTrue(succeeded(sent));
        server.finish();
    }

    @Test
    void aNoContentResponseSendsNoFileAndNoLength() {
        start(get("/data.txt"));
        res.statusCode(204);
        CompletionStage<Void> sent = res.sendFile(file);

        // RFC 9110 §8.6: a 204 carries no Content-Length.
        assertEquals(head("HTTP/1.1 204 No Content", KEEP_ALIVE), server.output());
        assertTrue(succeeded(sent));
        server.finish();
    }

    @Test
    void aNotModifiedResponseAnnouncesTheLengthWithoutTheBody() {
        start(get("/data.txt"));
        res.statusCode(304);
        res.sendFile(file);

        assertEquals(head("HTTP/1.1 304 Not Modified", "Content-Length: 150000", KEEP_ALIVE), server.output());
        server.finish();
    }

    @Test
    void aFileAfterWrittenBodyBecomesAChunk() {
        start(get("/data.txt"));
        res.write("prefix:");
        res.sendFile(file, 0, 10);

        assertEquals(head("HTTP/1.1 200 OK", KEEP_ALIVE, "Transfer-Encoding: chunked") + "7\r\nprefix:\r\n"
                + "a\r\n" + content.substring(0, 10) + "\r\n0\r\n\r\n", server.output());
        server.finish();
    }

    @Test
    void aMissingFileFailsTheStageAndLeavesTheResponseToTheApplication() {
        start(get("/missing"));
        CompletionStage<Void> sent = res.sendFile(dir.resolve("missing"));

        assertInstanceOf(NoSuchFileException.class, failure(sent));
        assertFalse(res.headersSent());
        assertEquals("", server.output());
        res.statusCode(404).end("not found");
        assertEquals(head("HTTP/1.1 404 Not Found", "Content-Length: 9", KEEP_ALIVE) + "not found", server.output());
        server.finish();
    }

    @Test
    void anOffsetOutsideTheFileFailsTheStage() {
        start(get("/data.txt"));
        CompletionStage<Void> sent = res.sendFile(file, 150_001, 1);

        IllegalArgumentException refused = assertInstanceOf(IllegalArgumentException.class, failure(sent));
        assertEquals("offset 150001 outside the file (150000 bytes)", refused.getMessage());
        assertFalse(res.headersSent());
        res.statusCode(416).end();
        assertEquals(head("HTTP/1.1 416 Range Not Satisfiable", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
    }

    /**
     * FileSender looks for an SslHandler anywhere in the pipeline; placed after h1's handlers, this one sees no
     * traffic (a server-mode engine writes nothing until a client hello arrives), so the bytes stay readable.
     */
    private SslHandler addTls() throws NoSuchAlgorithmException {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine();
        engine.setUseClientMode(false);
        SslHandler tls = new SslHandler(engine);
        tls.setHandshakeTimeoutMillis(0);
        server.channel().pipeline().addLast("tls", tls);
        return tls;
    }

    @Test
    void underTlsTheFileIsReadInPiecesThroughTheHeap() throws NoSuchAlgorithmException {
        start(get("/data.txt"));
        SslHandler tls = addTls();

        CompletionStage<Void> sent = res.sendFile(file);
        List<Class<?>> kinds = new ArrayList<>();
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 150000", KEEP_ALIVE) + content, wire(kinds));
        assertFalse(kinds.contains(FileRegion.class), "no zero-copy region under TLS: " + kinds);
        assertTrue(succeeded(sent));
        assertTrue(succeeded(res.finished()));

        server.channel().pipeline().remove(tls);
        server.finish();
    }

    @Test
    void underTlsARangeIsReadInPiecesToo() throws NoSuchAlgorithmException {
        start(get("/data.txt"));
        SslHandler tls = addTls();

        res.sendFile(file, 65_000, 70_000);
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 70000", KEEP_ALIVE) + content.substring(65_000, 135_000),
                server.output());

        server.channel().pipeline().remove(tls);
        server.finish();
    }

    @Test
    void underTlsReadingWaitsWhileTheConnectionIsUnwritable() throws NoSuchAlgorithmException {
        start(get("/data.txt"));
        SslHandler tls = addTls();
        server.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false);

        CompletionStage<Void> sent = res.sendFile(file);
        res.flushHeaders();
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 150000", KEEP_ALIVE), server.output());
        assertFalse(sent.toCompletableFuture().isDone(), "no piece is read while the connection cannot take it");

        server.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        server.channel().runPendingTasks();
        assertEquals(content, server.output());
        assertTrue(succeeded(sent));

        server.channel().pipeline().remove(tls);
        server.finish();
    }

    @Test
    void underTlsAConnectionClosedMidFileFailsTheStageAndClosesTheFile() throws Exception {
        assumeTrue(Files.isDirectory(PROC_FDS), "needs /proc/self/fd to see open files");
        start(get("/data.txt"));
        SslHandler tls = addTls();
        server.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        CompletionStage<Void> sent = res.sendFile(file);
        assertTrue(isOpen(file), "the file is open while it is being sent");

        server.channel().pipeline().remove(tls);
        server.clientCloses();
        assertInstanceOf(IllegalStateException.class, failure(sent));
        assertFalse(isOpen(file), "the file is closed when the connection closes mid-file");
        server.output();
        server.finish();
    }

    @Test
    void aDirectoryIsNotAFile() {
        start(get("/"));
        CompletionStage<Void> sent = res.sendFile(dir);

        assertInstanceOf(IOException.class, failure(sent));
        assertFalse(res.headersSent());
        res.statusCode(404).end();
        assertEquals(head("HTTP/1.1 404 Not Found", "Content-Length: 0", KEEP_ALIVE), server.output());
        server.finish();
    }

    private static final Path PROC_FDS = Path.of("/proc/self/fd");

    /** Whether this process holds {@code path} open (Linux). */
    private static boolean isOpen(Path path) throws IOException {
        Path real = path.toRealPath();
        try (var fds = Files.list(PROC_FDS)) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException | UnsupportedOperationException gone) {
                    return false; // closed meanwhile, or not a link
                }
            });
        }
    }
}
