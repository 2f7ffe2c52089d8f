package dev.h1.server.compression;

import dev.h1.codec.Expectation;
import dev.h1.codec.Framing;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.RequestHead;
import dev.h1.codec.ResponseHead;
import dev.h1.server.CompressionConfig;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.pipeline.HttpServerInitializer;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Response;
import dev.h1.server.testing.Valve;
import dev.h1.testing.Wire;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compressor in h1's real pipeline, on an {@link EmbeddedChannel}: negotiation per request, every exclusion,
 * streaming, back-pressure, and the deflater's end on every path.
 */
class ResponseCompressorTest {

    private static final String TEXT = new String(CompressedBodyTest.text(new Random(1), 5000),
            StandardCharsets.US_ASCII);

    private final RecordingDeflaters deflaters = new RecordingDeflaters();

    private EmbeddedServer start(RequestHandler handler) {
        return start(CompressionConfig.defaults(), handler);
    }

    private EmbeddedServer start(CompressionConfig compression, RequestHandler handler) {
        EmbeddedServer server = EmbeddedServer.start(config().compression(compression), handler);
        server.channel().pipeline().replace(HttpServerInitializer.COMPRESSOR, HttpServerInitializer.COMPRESSOR,
                new ResponseCompressor(compression, deflaters));
        return server;
    }

    private static RequestHandler text(String contentType, String body) {
        return (req, res) -> res.setHeader("Content-Type", contentType).end(body);
    }

    private static byte[] bytes(Response response) {
        return response.body().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void compressesATextResponseForAGzipClient() {
        EmbeddedServer server = start((req, res) -> res.setHeader("Content-Type", "text/plain; charset=utf-8")
                .setHeader("ETag", "\"v1\"").end(TEXT));
        server.send(get("/", "Accept-Encoding: gzip, deflate, br"));
        Response response = responses(server.output()).get(0);
        assertEquals(200, response.status());
        assertEquals("gzip", response.field("Content-Encoding"));
        assertEquals("Accept-Encoding", response.field("Vary"));
        assertEquals("chunked", response.field("Transfer-Encoding"));
        assertNull(response.field("Content-Length"));
        assertEquals("W/\"v1\"", response.field("ETag"));
        assertEquals(TEXT, new String(Decompress.whole(ContentCoding.GZIP, bytes(response)),
                StandardCharsets.US_ASCII));
        assertTrue(bytes(response).length < TEXT.length() / 2);
        assertEquals(1, deflaters.made());
        assertEquals(0, deflaters.live(), "ended with the response");
        server.finish();
    }

    @Test
    void pipelinedRequestsEachGetTheirOwnCoding() {
        EmbeddedServer server = start(text("application/json", TEXT));
        server.send(get("/1", "Accept-Encoding: gzip") + get("/2") + get("/3", "Accept-Encoding: deflate")
                + get("/4", "Accept-Encoding: gzip;q=0.5, deflate;q=0.6"));
        List<Response> answered = responses(server.output());
        assertEquals(4, answered.size());
        assertEquals("gzip", answered.get(0).field("Content-Encoding"));
        assertNull(answered.get(1).field("Content-Encoding"));
        assertEquals(TEXT, answered.get(1).body());
        assertEquals("Accept-Encoding", answered.get(1).field("Vary"), "an identity answer varies too");
        assertEquals(String.valueOf(TEXT.length()), answered.get(1).field("Content-Length"));
        assertEquals("deflate", answered.get(2).field("Content-Encoding"));
        assertEquals("deflate", answered.get(3).field("Content-Encoding"));
        assertEquals(TEXT, new String(Decompress.whole(ContentCoding.GZIP, bytes(answered.get(0))),
                StandardCharsets.US_ASCII));
        assertEquals(TEXT, new String(Decompress.whole(ContentCoding.DEFLATE, bytes(answered.get(2))),
                StandardCharsets.US_ASCII));
        assertEquals(3, deflaters.made());
        assertEquals(0, deflaters.live());
        server.finish();
    }

    /** One exclusion: the request, the application, and whether the identity answer says Vary. */
    record Exclusion(String name, String request, RequestHandler handler, boolean varies) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> exclusions() {
        String gzip = "Accept-Encoding: gzip";
        return Stream.of(
                new Exclusion("no Accept-Encoding", get("/"), text("text/html", TEXT), true),
                new Exclusion("identity only", get("/", "Accept-Encoding: identity"), text("text/html", TEXT), true),
                new Exclusion("gzip;q=0", get("/", "Accept-Encoding: gzip;q=0, br"), text("text/html", TEXT), true),
                new Exclusion("HEAD", Wire.head("HEAD / HTTP/1.1", "Host: x", gzip), text("text/html", TEXT),
                        false),
                new Exclusion("204", get("/", gzip), (req, res) -> res.statusCode(204)
                        .setHeader("Content-Type", "text/html").end(), false),
                new Exclusion("304", get("/", gzip, "If-None-Match: \"v1\""), (req, res) -> res.statusCode(304)
                        .setHeader("ETag", "\"v1\"").setHeader("Content-Type", "text/html").end(), false),
                new Exclusion("206", get("/", gzip, "Range: bytes=0-1999"), (req, res) -> res.statusCode(206)
                        .setHeader("Content-Type", "text/html")
                        .setHeader("Content-Range", "bytes 0-1999/" + TEXT.length())
                        .end(TEXT.substring(0, 2000)), false),
                new Exclusion("Content-Range", get("/", gzip), (req, res) -> res.statusCode(416)
                        .setHeader("Content-Type", "text/html").setHeader("Content-Range", "bytes */5000")
                        .end(TEXT), false),
                new Exclusion("already encoded", get("/", gzip), (req, res) -> res
                        .setHeader("Content-Type", "text/html").setHeader("Content-Encoding", "br").end(TEXT), false),
                new Exclusion("no-transform", get("/", gzip), (req, res) -> res.setHeader("Content-Type", "text/html")
                        .setHeader("Cache-Control", "no-transform").end(TEXT), false),
                new Exclusion("image", get("/", gzip), text("image/png", TEXT), false),
                new Exclusion("no Content-Type", get("/", gzip), (req, res) -> res.end(TEXT), false),
                new Exclusion("below the threshold", get("/", gzip), text("text/html", TEXT.substring(0, 1023)),
                        false),
                new Exclusion("HTTP/1.0 with a length", Wire.head("GET / HTTP/1.0", gzip), text("text/html", TEXT),
                        true))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exclusions")
    void sendsTheBodyAsItIs(Exclusion exclusion) {
        EmbeddedServer server = start(exclusion.handler());
        server.send(exclusion.request());
        String output = server.output();
        assertFalse(output.contains("Content-Encoding: gzip"), output);
        assertEquals(exclusion.varies(), output.contains("Vary: Accept-Encoding"), output);
        if (!exclusion.request().startsWith("HEAD") && output.contains(TEXT.substring(0, 500))) {
            assertTrue(output.endsWith(TEXT) || output.endsWith(TEXT.substring(0, 1023))
                    || output.endsWith(TEXT.substring(0, 2000)), "the body as it is");
        }
        assertEquals(0, deflaters.made(), "no deflater for a body sent as it is");
        server.clientCloses();
        server.output();
        server.finish();
    }

    @Test
    void aStreamedBodyOfUnknownLengthIsCompressedPieceByPieceAndEachWriteIsDecodableAtOnce() {
        ServerResponse[] response = new ServerResponse[1];
        EmbeddedServer server = start((req, res) -> {
            response[0] = res.setHeader("Content-Type", "text/event-stream");
            res.flushHeaders();
        });
        server.send(get("/events", "Accept-Encoding: gzip"));
        ChunkedClient client = new ChunkedClient(ContentCoding.GZIP);
        client.read(server.output());
        assertEquals("gzip", client.field("Content-Encoding"), "the head went out at the flush");
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String event = "data: " + "event ".repeat(i % 7) + i + "\n\n";
            sent.append(event);
            assertTrue(response[0].write(event));
            assertEquals(sent.toString(), client.read(server.output()), "decodable after write " + i);
            assertTrue(deflaters.live() == 1);
        }
        response[0].end();
        client.read(server.output());
        assertTrue(client.ended());
        assertEquals(0, deflaters.live());
        server.finish();
    }

    @Test
    void backPressureCountsTheCompressedBytes() {
        byte[] noise = new byte[100 * 1000];
        new Random(3).nextBytes(noise);
        List<String> log = new ArrayList<>();
        EmbeddedServer server = start((req, res) -> {
            res.setHeader("Content-Type", "text/plain");
            int[] next = {0};
            Runnable pump = () -> {
                while (next[0] < 100) {
                    int i = next[0]++;
                    boolean more = res.write(java.util.Arrays.copyOfRange(noise, i * 1000, i * 1000 + 1000));
                    if (!more) {
                        log.add("refused at " + i);
                        return;
                    }
                }
                if (!res.writableEnded()) {
                    res.end();
                }
            };
            res.onDrain(pump);
            pump.run();
        });
        server.channel().config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(2048, 4096));
        Valve valve = server.valve();
        server.send(get("/", "Accept-Encoding: deflate"));
        assertEquals(List.of("refused at 3"), log,
                "noise does not shrink: the head and four compressed writes of 1000 bytes pass the 4 KiB mark");
        valve.open();
        Response response = responses(server.output()).get(0);
        assertArrayEquals(noise, Decompress.whole(ContentCoding.DEFLATE, bytes(response)));
        assertEquals(0, deflaters.live());
        server.finish();
    }

    @Test
    void theDeflaterIsEndedWhenTheClientGoesAwayMidBody() {
        ServerResponse[] response = new ServerResponse[1];
        EmbeddedServer server = start((req, res) -> {
            response[0] = res.setHeader("Content-Type", "application/json");
            res.write("[" + TEXT);
        });
        server.send(get("/", "Accept-Encoding: gzip"));
        server.output();
        assertEquals(1, deflaters.live());
        server.clientCloses();
        assertEquals(0, deflaters.live());
        assertFalse(response[0].write("more"), "nothing is written after the close");
        server.output();
        server.finish();
    }

    @Test
    void theDeflaterIsEndedWhenCompressingFailsAndTheConnectionCloses() {
        deflaters.failing();
        EmbeddedServer server = start(text("text/html", TEXT));
        server.send(get("/", "Accept-Encoding: gzip"));
        server.output();
        assertFalse(server.channel().isActive(), "a body that cannot be completed closes the connection");
        assertEquals(1, deflaters.made());
        assertEquals(0, deflaters.live());
        server.finish();
    }

    @Test
    void aHeldHeadIsDroppedWithoutLeaksWhenTheConnectionCloses() {
        EmbeddedServer server = start((req, res) -> res.setHeader("Content-Type", "text/html").writeHead(200));
        server.send(get("/", "Accept-Encoding: gzip"));
        assertEquals("", server.output(), "held until the first piece, the end or a flush");
        server.clientCloses();
        assertEquals(0, deflaters.made());
        server.output();
        server.finish();
    }

    @Test
    void aZeroCopyFileIsSentAsItIs(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("page.html"), TEXT);
        EmbeddedServer server = start((req, res) -> res.setHeader("Content-Type", "text/html").sendFile(file));
        server.send(get("/", "Accept-Encoding: gzip"));
        Response response = responses(server.output()).get(0);
        assertNull(response.field("Content-Encoding"));
        assertEquals(String.valueOf(TEXT.length()), response.field("Content-Length"));
        assertEquals(TEXT, response.body());
        assertEquals(0, deflaters.made());
        server.finish();
    }

    @Test
    void keepsTrailersOfAChunkedCompressedBody() {
        EmbeddedServer server = start((req, res) -> {
            res.setHeader("Content-Type", "text/plain").setHeader("Trailer", "X-Sum");
            res.write(TEXT);
            res.addTrailers(new dev.h1.codec.Headers().add("X-Sum", "42"));
            res.end();
        });
        server.send(get("/", "TE: trailers", "Accept-Encoding: gzip"));
        String output = server.output();
        assertTrue(output.endsWith("0\r\nX-Sum: 42\r\n\r\n"), output);
        assertEquals(TEXT, new String(Decompress.whole(ContentCoding.GZIP, bytes(responses(output).get(0))),
                StandardCharsets.US_ASCII));
        server.finish();
    }

    @Test
    void anHttp10ClientGetsACloseDelimitedCompressedStream() {
        EmbeddedServer server = start((req, res) -> {
            res.setHeader("Content-Type", "text/plain");
            res.write(TEXT);
            res.end();
        });
        server.send(Wire.head("GET / HTTP/1.0", "Accept-Encoding: gzip"));
        String output = server.output();
        Response response = responses(output).get(0);
        assertEquals("gzip", response.field("Content-Encoding"));
        assertEquals("close", response.field("Connection"));
        assertEquals(TEXT, new String(Decompress.whole(ContentCoding.GZIP, bytes(response)),
                StandardCharsets.US_ASCII));
        assertFalse(server.channel().isActive());
        server.finish();
    }

    @Test
    void underTlsAFileIsReadInPiecesAndCompressed(@TempDir Path dir) throws Exception {
        String page = TEXT.repeat(30); // 150 000 bytes: three pieces of the file
        Path file = Files.writeString(dir.resolve("page.html"), page);
        EmbeddedServer server = start((req, res) -> res.setHeader("Content-Type", "text/html").sendFile(file));
        // As in SendFileTest: an SslHandler after h1's handlers makes sendFile read pieces, and sees no traffic itself.
        javax.net.ssl.SSLEngine engine = javax.net.ssl.SSLContext.getDefault().createSSLEngine();
        engine.setUseClientMode(false);
        io.netty.handler.ssl.SslHandler tls = new io.netty.handler.ssl.SslHandler(engine);
        tls.setHandshakeTimeoutMillis(0);
        server.channel().pipeline().addLast("tls", tls);

        server.send(get("/", "Accept-Encoding: gzip"));
        Response response = responses(server.output()).get(0);
        assertEquals("gzip", response.field("Content-Encoding"));
        assertNull(response.field("Content-Length"));
        assertEquals(page, new String(Decompress.whole(ContentCoding.GZIP, bytes(response)),
                StandardCharsets.US_ASCII));
        assertEquals(0, deflaters.live());
        server.channel().pipeline().remove(tls);
        server.finish();
    }

    @Test
    void aFileAfterAFlushedCompressedHeadFailsAndClosesTheConnection(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("page.html"), TEXT);
        EmbeddedServer server = start((req, res) -> {
            res.setHeader("Content-Type", "text/html").flushHeaders();
            res.sendFile(file);
        });
        server.send(get("/", "Accept-Encoding: gzip"));
        assertTrue(server.output().contains("Content-Encoding: gzip"));
        assertFalse(server.channel().isActive(), "the region cannot be compressed: the body is cut short");
        assertEquals(0, deflaters.live());
        server.finish();
    }

    @Test
    void removesItselfWhenHttpEnds() {
        EmbeddedChannel channel = new EmbeddedChannel(new ResponseCompressor(CompressionConfig.defaults(), deflaters));
        channel.writeInbound(new RequestHead("GET", "/chat", HttpVersion.HTTP_1_1, new Headers()
                .add("Accept-Encoding", "gzip").add("Upgrade", "x").add("Connection", "upgrade"),
                Framing.NONE, -1, true, Expectation.NONE, true));
        assertTrue(channel.readInbound() instanceof RequestHead);
        ResponseHead switching = new ResponseHead(101, null, new Headers().add("Upgrade", "x"), "GET",
                HttpVersion.HTTP_1_1);
        channel.writeOutbound(switching);
        assertSame(switching, channel.readOutbound());
        assertNull(channel.pipeline().get(ResponseCompressor.class));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aBodyShorterThanItsDeclaredLengthClosesInsteadOfEndingTheChunkedStream() {
        EmbeddedServer server = start((req, res) -> {
            res.setHeader("Content-Type", "text/plain").setHeader("Content-Length", "5000");
            res.write(TEXT.substring(0, 2000));
            res.end();
        });
        server.send(get("/", "Accept-Encoding: gzip"));
        String output = server.output();
        assertTrue(output.contains("Content-Encoding: gzip"), output);
        assertFalse(output.endsWith("0\r\n\r\n"), "no complete-looking end");
        assertFalse(server.channel().isActive(), "RFC 9112 §8: the client must see the body cut short");
        assertEquals(0, deflaters.live());
        server.finish();
    }

    @Test
    void aBodyLongerThanItsDeclaredLengthClosesTheConnection() {
        EmbeddedServer server = start((req, res) -> {
            res.setHeader("Content-Type", "text/plain").setHeader("Content-Length", "2000");
            res.write(TEXT);
        });
        server.send(get("/", "Accept-Encoding: gzip"));
        server.output();
        assertFalse(server.channel().isActive());
        assertEquals(0, deflaters.live());
        server.finish();
    }

    @Test
    void isInstalledBetweenTheEncoderAndTheConnection() {
        EmbeddedServer server = start(text("text/html", TEXT));
        List<String> names = server.channel().pipeline().names();
        assertEquals(names.indexOf(HttpServerInitializer.ENCODER) + 1, names.indexOf(HttpServerInitializer.COMPRESSOR));
        assertEquals(names.indexOf(HttpServerInitializer.COMPRESSOR) + 1,
                names.indexOf(HttpServerInitializer.CONNECTION));
        server.finish();
    }

    @Test
    void isNotInstalledByDefault() {
        EmbeddedServer server = EmbeddedServer.start(text("text/html", TEXT));
        assertNull(server.channel().pipeline().get(HttpServerInitializer.COMPRESSOR));
        server.send(get("/", "Accept-Encoding: gzip"));
        assertTrue(server.output().endsWith(TEXT));
        server.finish();
    }

    /** A client reading a chunked, compressed stream as it arrives. */
    private static final class ChunkedClient {
        private final Decompress.Stream stream;
        private final StringBuilder pending = new StringBuilder();
        private String head;
        private boolean ended;
        private String decoded = "";

        ChunkedClient(ContentCoding coding) {
            stream = new Decompress.Stream(coding);
        }

        /** Takes more wire text; returns everything decoded so far. */
        String read(String wire) {
            pending.append(wire);
            if (head == null) {
                int end = pending.indexOf("\r\n\r\n");
                head = pending.substring(0, end + 2);
                pending.delete(0, end + 4);
            }
            while (true) {
                int sizeEnd = pending.indexOf("\r\n");
                if (sizeEnd < 0) {
                    break;
                }
                int size = Integer.parseInt(pending.substring(0, sizeEnd), 16);
                if (size == 0) {
                    ended = true;
                    pending.setLength(0);
                    stream.close();
                    break;
                }
                assertTrue(pending.length() >= sizeEnd + 2 + size + 2, "whole chunks arrive");
                byte[] data = pending.substring(sizeEnd + 2, sizeEnd + 2 + size).getBytes(StandardCharsets.ISO_8859_1);
                pending.delete(0, sizeEnd + 2 + size + 2);
                decoded = new String(stream.feed(data), StandardCharsets.US_ASCII);
            }
            return decoded;
        }

        String field(String name) {
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return line.substring(name.length() + 1).strip();
                }
            }
            return null;
        }

        boolean ended() {
            return ended;
        }
    }
}
