package dev.h1.server.cli;

import dev.h1.server.HttpServer;
import dev.h1.server.Transport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts of {@link Main} that run in-process: the listening line and the server it builds. */
class MainTest {

    @Test
    void theListeningLineIsAUrlAndTheTransport() throws IOException {
        assertEquals("h1 listening on http://127.0.0.1:8080 (transport: epoll)",
                Main.listeningLine(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080), Transport.EPOLL));
        assertEquals("h1 listening on http://[0:0:0:0:0:0:0:1]:80 (transport: nio)",
                Main.listeningLine(new InetSocketAddress(InetAddress.getByName("::1"), 80), Transport.NIO));
    }

    @Test
    void theServerUsesTheTransportAskedFor() throws IOException {
        try (HttpServer nio = Main.create(Options.parse("--port", "0", "--io-threads", "1", "--transport", "nio"))) {
            nio.start();
            assertEquals(Transport.NIO, nio.transport());
        }
        try (HttpServer auto = Main.create(Options.parse("--port", "0", "--io-threads", "1"))) {
            auto.start();
            assertNotEquals(Transport.AUTO, auto.transport(), "auto resolves to the transport in use");
        }
    }

    @Test
    void createBuildsTheRoutesServerOrTheEchoServer() throws IOException {
        try (HttpServer routes = Main.create(Options.parse("--port", "0", "--io-threads", "1"))) {
            assertEquals("Hello, World!", RawHttp.exchange(routes.start(),
                    "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n").text());
        }
        try (HttpServer echo = Main.create(Options.parse("--port", "0", "--io-threads", "1", "--echo"))) {
            assertTrue(RawHttp.exchange(echo.start(), "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n").text()
                    .startsWith("{\"method\": \"GET\", \"target\": \"/plaintext\""));
        }
    }
}
