package dev.h1.server.cli;

import dev.h1.server.HttpServer;
import dev.h1.server.Transport;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The parts of {@link Main} that run in-process: the listening line and the server it builds. */
class MainTest {

    @Test
    void theListeningLineIsAUrlAndTheTransport() throws IOException {
        assertEquals("h1 listening on http://127.0.0.1:8080 (transport: epoll)",
                Main.listeningLine(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080), Transport.EPOLL));
        assertEquals("h1 listening on http://[0:0:0:0:0:0:0:1]:80 (transport: nio)",
                Main.listeningLine(new InetSocketAddress(InetAddress.getByName("::1"), 80), Transport.NIO));
        assertEquals("h1 listening on http://127.0.0.1:80 (transport: io_uring)",
                Main.listeningLine(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80), Transport.IO_URING));
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
    void reusePortIsRefusedOnNioAndSetElsewhere() throws IOException {
        try (HttpServer nio = Main.create(Options.parse("--port", "0", "--transport", "nio", "--reuse-port"))) {
            assertThrows(IllegalStateException.class, nio::start);
        }
        try (HttpServer auto = Main.create(Options.parse("--port", "0", "--io-threads", "1", "--reuse-port"))) {
            assumeTrue(Epoll.isAvailable() || IoUring.isAvailable(), "SO_REUSEPORT needs epoll or io_uring");
            InetSocketAddress address = auto.start();
            try (HttpServer second = Main.create(Options.parse("--port", String.valueOf(address.getPort()),
                    "--io-threads", "1", "--reuse-port"))) {
                assertEquals(address, second.start(), "a second server binds the same port");
            }
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
