package dev.h1.tests.e2e;

import dev.h1.codec.Headers;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.BodyListener;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerRequest;
import dev.h1.tests.e2e.Observations.Client;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request bodies: streamed to a {@link BodyListener} in pieces, paused after the first piece and resumed by the test;
 * and aggregated with a limit, over which the server answers 413 and closes.
 */
@ExtendWith(Observations.class)
class RequestBodyTest {

    private static final int LIMIT = 1024;

    private final ServerFixture fixture = new ServerFixture();
    /** The request paused by the streaming handler after its first body piece. */
    private final CompletableFuture<ServerRequest> paused = new CompletableFuture<>();
    /** Body piece sizes as the streaming handler received them. */
    private final List<Integer> pieces = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        fixture.close();
    }

    /**
     * {@code /stream}: pauses after the first piece and answers "bytes pieces crc32" at the end. {@code /limited}:
     * aggregates at most {@value #LIMIT} bytes and answers "got n".
     */
    private final RequestHandler handler = (req, res) -> {
        if (req.path().equals("/limited")) {
            req.bodyBytes(LIMIT).thenAccept(body -> res.end("got " + body.length));
            return;
        }
        CRC32 crc = new CRC32();
        long[] received = {0};
        req.body(new BodyListener() {
            @Override
            public void onData(ByteBuf data) {
                pieces.add(data.readableBytes());
                received[0] += data.readableBytes();
                crc.update(data.nioBuffer());
                if (pieces.size() == 1) {
                    req.pause();
                    paused.complete(req);
                }
            }

            @Override
            public void onEnd(Headers trailers) {
                res.end(received[0] + " " + pieces.size() + " " + Long.toHexString(crc.getValue()));
            }
        });
    };

    private static byte[] body(int size) {
        byte[] body = new byte[size];
        new SplittableRandom(size).nextBytes(body);
        return body;
    }

    private static String describe(byte[] body, int pieces) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return body.length + " " + pieces + " " + Long.toHexString(crc.getValue());
    }

    /**
     * Waits for the handler to pause, checks that nothing was delivered while paused, and resumes on the event loop.
     */
    private void resumeAfterPause() throws Exception {
        ServerRequest request = paused.get(5, SECONDS);
        assertTrue(request.isPaused());
        int deliveredAtResume = request.channel().eventLoop().submit(() -> {
            int count = pieces.size();
            request.resume();
            return count;
        }).get(5, SECONDS);
        assertEquals(1, deliveredAtResume, "no body piece is delivered while paused");
    }

    @Test
    void rawClientBodyArrivesInPiecesAcrossPauseAndResume() throws Exception {
        fixture.start(handler);
        byte[] body = body(3000);
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            raw.send(("POST /stream HTTP/1.1\r\nHost: a\r\nContent-Length: 3000\r\n\r\n"
                    + new String(body, 0, 1000, java.nio.charset.StandardCharsets.ISO_8859_1)));
            paused.get(5, SECONDS);
            raw.send(Arrays.copyOfRange(body, 1000, 2000)).send(Arrays.copyOfRange(body, 2000, 3000));
            resumeAfterPause();

            RawResponse response = raw.read();
            assertEquals(200, response.status());
            assertEquals(describe(body, pieces.size()), response.text());
            assertTrue(pieces.size() >= 2, "pieces: " + pieces);
        }
        Observations.record(Scenario.STREAMED_BODY, Client.RAW, "3 writes of 1000 B; paused after the 1st piece,"
                + " none delivered while paused; 200, CRC intact");
    }

    @Test
    void jdkClientBodyStreamsAcrossPauseAndResume() throws Exception {
        fixture.start(handler);
        byte[] body = body(1 << 20);
        CompletableFuture<HttpResponse<String>> response = Jdk.client().sendAsync(
                Jdk.request(fixture.uri("/stream")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        resumeAfterPause();

        String answer = response.get(5, SECONDS).body();
        assertEquals(describe(body, pieces.size()), answer);
        assertTrue(pieces.size() >= 16, "1 MiB in pieces of at most 64 KiB: " + pieces.size());
        Observations.record(Scenario.STREAMED_BODY, Client.JDK, "1 MiB in ≥ 16 pieces, paused after the 1st;"
                + " 200, CRC intact");
    }

    @Test
    void curlBodyStreamsAcrossPauseAndResume() throws Exception {
        fixture.start(handler);
        byte[] body = body(1 << 20);
        Path file = Files.createTempFile("h1-e2e", ".bin");
        try {
            Files.write(file, body);
            CompletableFuture<Curl.Result> curl = CompletableFuture.supplyAsync(() -> {
                try {
                    return Curl.run("--data-binary", "@" + file, fixture.uri("/stream").toString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            resumeAfterPause();

            Curl.Transfer transfer = curl.get(15, SECONDS).single();
            assertEquals(200, transfer.status());
            assertEquals(describe(body, pieces.size()), transfer.output());
        } finally {
            Files.delete(file);
        }
        Observations.record(Scenario.STREAMED_BODY, Client.CURL, "1 MiB `--data-binary`, paused after the 1st piece;"
                + " 200, CRC intact");
    }

    @Test
    void nettyClientBodyStreamsAcrossPauseAndResume() throws Exception {
        fixture.start(handler);
        byte[] body = body(1 << 20);
        try (NettyClient client = new NettyClient()) {
            NettyClient.Connection connection = client.connect(fixture.address());
            connection.send(NettyClient.request(HttpVersion.HTTP_1_1, HttpMethod.POST, "/stream", body));

            resumeAfterPause();

            String answer = connection.next().text();
            assertEquals(describe(body, pieces.size()), answer);
        }
        Observations.record(Scenario.STREAMED_BODY, Client.NETTY, "1 MiB, paused after the 1st piece; 200,"
                + " CRC intact");
    }

    @Test
    void rawClientBodyOverTheAggregationLimitGets413AndClose() throws Exception {
        fixture.start(handler);
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse within = raw.send("POST /limited HTTP/1.1\r\nHost: a\r\nContent-Length: 1024\r\n\r\n"
                    + "x".repeat(LIMIT)).read();
            assertEquals("got 1024", within.text());

            RawResponse over = raw.send("POST /limited HTTP/1.1\r\nHost: a\r\nContent-Length: 1025\r\n\r\n"
                    + "x".repeat(LIMIT + 1)).read();
            assertEquals(413, over.status());
            assertEquals("close", over.header("Connection"));
            raw.awaitClose();
        }
        assertEquals(CloseReason.BODY_TOO_LARGE, fixture.connections.awaitClose(1));
        Observations.record(Scenario.BODY_LIMIT, Client.RAW, "1024 B: 200; 1025 B: 413 with `Connection: close`,"
                + " then closed");
    }

    @Test
    void otherClientsGet413OverTheAggregationLimit() throws Exception {
        fixture.start(handler);
        byte[] over = body(4096);

        HttpResponse<String> jdk = Jdk.client().send(Jdk.request(fixture.uri("/limited"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(over)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, jdk.statusCode());
        Observations.record(Scenario.BODY_LIMIT, Client.JDK, "4 KiB: 413");

        Path file = Files.createTempFile("h1-e2e", ".bin");
        try {
            Files.write(file, over);
            Curl.Transfer curl = Curl.run("--data-binary", "@" + file, fixture.uri("/limited").toString())
                    .single();
            assertEquals(413, curl.status());
        } finally {
            Files.delete(file);
        }
        Observations.record(Scenario.BODY_LIMIT, Client.CURL, "4 KiB: 413");

        try (NettyClient client = new NettyClient()) {
            NettyClient.Connection connection = client.connect(fixture.address());
            NettyClient.Received response = connection.send(
                    NettyClient.request(HttpVersion.HTTP_1_1, HttpMethod.POST, "/limited", over)).next();
            assertEquals(413, response.status());
            assertEquals("close", response.header("Connection"));
            assertTrue(connection.awaitClosed());
        }
        Observations.record(Scenario.BODY_LIMIT, Client.NETTY, "4 KiB: 413 with `Connection: close`,"
                + " channel closed");
    }
}
