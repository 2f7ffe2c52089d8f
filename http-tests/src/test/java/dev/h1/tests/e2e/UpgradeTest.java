package dev.h1.tests.e2e;

import dev.h1.codec.Headers;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.UpgradeHandler;
import dev.h1.tests.e2e.Observations.Client;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.h1.tests.e2e.ServerFixture.CONNECTION_HEADER;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Switching protocols (RFC 9110 §7.8): after 101 a tiny line-echo protocol takes the connection, and the bytes that
 * came in the same packet as the request reach it exactly once. And an h2c offer to a server without an upgrade
 * handler, which every client must survive as a plain HTTP/1.1 answer.
 */
@ExtendWith(Observations.class)
class UpgradeTest {

    private static final RequestHandler HELLO = (req, res) -> res.end("hello " + req.version().text());

    private final ServerFixture fixture = new ServerFixture();
    /** Every line the line-echo protocol received, in order. */
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> head = new CompletableFuture<>();

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Takes {@code Upgrade: lineecho}; declines anything else with 426 and close. */
    private final UpgradeHandler upgrades = (req, upgrade) -> {
        if (!"lineecho".equals(req.header("Upgrade"))) {
            upgrade.response().statusCode(426).end("lineecho only");
            return;
        }
        head.complete(upgrade.head().toString(StandardCharsets.ISO_8859_1));
        upgrade.switchProtocols(new Headers().add("Upgrade", "lineecho"), new LineEcho(lines));
    };

    @Test
    void rawClientSwitchesToLineEchoAndItsEarlyBytesArriveOnce() throws Exception {
        fixture.start(ServerFixture.connection().upgradeHandler(upgrades), HELLO);
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            raw.send("GET /chat HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: lineecho\r\n\r\n"
                    + "first\nsecond\n");

            RawResponse switched = raw.read();
            assertEquals("HTTP/1.1 101 Switching Protocols", switched.statusLine());
            assertEquals("lineecho", switched.header("Upgrade"));
            assertEquals("upgrade", switched.header("Connection").toLowerCase(java.util.Locale.ROOT));
            assertEquals("echo: first", raw.lfLine());
            assertEquals("echo: second", raw.lfLine());
            raw.send("third\n");
            assertEquals("echo: third", raw.lfLine());
            raw.send("bye\n");
            raw.awaitClose();
        }
        assertEquals("first\nsecond\n", head.get(5, SECONDS));
        assertEquals(List.of("first", "second", "third", "bye"), lines);
        assertEquals(CloseReason.UPGRADED, fixture.connections.awaitClose(1));
        Observations.record(Scenario.UPGRADE, Client.RAW, "101 with `Upgrade: lineecho`; the 2 lines sent with the"
                + " request echoed once each, then the protocol runs");
        Observations.notApplicable(Scenario.UPGRADE, Client.JDK, "`Upgrade` is a restricted header");
        Observations.notApplicable(Scenario.UPGRADE, Client.NETTY, "not exercised (needs a custom"
                + " `HttpClientUpgradeHandler` codec)");
        Observations.notApplicable(Scenario.UPGRADE, Client.CURL, "cannot speak a custom protocol after 101");
    }

    @Test
    void aDeclinedUpgradeIsAnsweredAndClosed() throws Exception {
        fixture.start(ServerFixture.connection().upgradeHandler(upgrades), HELLO);
        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse declined = raw.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\n"
                    + "Upgrade: other\r\n\r\n").read();

            assertEquals(426, declined.status());
            assertEquals("close", declined.header("Connection"));
            raw.awaitClose();
        }
    }

    private static final String H2C_OFFER = "GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\n"
            + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n";

    @Test
    void anH2cOfferWithoutUpgradeHandlerGetsAPlainHttp11Answer() throws Exception {
        fixture.start(fixture.tagged(HELLO));

        try (RawConnection raw = RawConnection.open(fixture.address())) {
            RawResponse response = raw.send(H2C_OFFER).read();
            assertEquals("HTTP/1.1 200 OK", response.statusLine());
            assertNull(response.header("Upgrade"));
            assertEquals("1", raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().header(CONNECTION_HEADER));
        }
        Observations.record(Scenario.H2C_OFFER, Client.RAW, "`HTTP/1.1 200 OK`, no 101; connection reused");

        HttpResponse<String> jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Jdk.TIMEOUT).build()
                .send(Jdk.request(fixture.uri("/")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, jdk.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, jdk.version());
        assertEquals("hello HTTP/1.1", jdk.body());
        Observations.record(Scenario.H2C_OFFER, Client.JDK, "`Version.HTTP_2` (offers h2c): 200 over HTTP/1.1");

        Curl.Result curl = Curl.run("-v", "--http2", fixture.uri("/").toString());
        assertEquals("hello HTTP/1.1", curl.single().output());
        assertEquals(200, curl.single().status());
        Observations.record(Scenario.H2C_OFFER, Client.CURL, "`--http2` (offers h2c): 200 over HTTP/1.1");

        try (NettyClient client = new NettyClient()) {
            NettyClient.Received response = client.connect(fixture.address()).send(NettyClient.get("/",
                    "Connection", "Upgrade, HTTP2-Settings", "Upgrade", "h2c",
                    "HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA")).next();
            assertEquals(200, response.status());
            assertEquals("HTTP/1.1", response.version());
        }
        Observations.record(Scenario.H2C_OFFER, Client.NETTY, "h2c offer headers: 200 over HTTP/1.1");
    }

    /** The protocol after 101: answers each LF-terminated line with "echo: line"; closes after "bye". */
    private static final class LineEcho extends ChannelInboundHandlerAdapter {
        private final List<String> lines;
        private final StringBuilder pending = new StringBuilder();

        LineEcho(List<String> lines) {
            this.lines = lines;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            try {
                pending.append(bytes.toString(StandardCharsets.ISO_8859_1));
            } finally {
                bytes.release();
            }
            for (int lf = pending.indexOf("\n"); lf >= 0; lf = pending.indexOf("\n")) {
                String line = pending.substring(0, lf);
                pending.delete(0, lf + 1);
                lines.add(line);
                if (line.equals("bye")) {
                    ctx.close();
                    return;
                }
                ctx.writeAndFlush(Unpooled.copiedBuffer("echo: " + line + "\n", StandardCharsets.ISO_8859_1));
            }
        }
    }
}
