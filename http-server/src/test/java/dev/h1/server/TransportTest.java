package dev.h1.server;

import dev.h1.server.api.RequestHandler;
import dev.h1.server.cli.RawHttp;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which transport an {@link HttpServer} runs on, and {@code SO_REUSEPORT}, on real loopback sockets. The test class
 * path has both native transports (linux-x86_64); an assertion that needs one is skipped, saying why, where the
 * machine cannot run it (io_uring is often blocked by a container's seccomp profile).
 */
class TransportTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: test\r\n\r\n";
    private static final RequestHandler HELLO = (req, res) -> res.end("hello");

    @RegisterExtension
    final Servers servers = new Servers();

    private static ServerConfig.Builder loopback(Transport transport) {
        return ServerConfig.builder().host("127.0.0.1").port(0).ioThreads(1).transport(transport);
    }

    private HttpServer server(ServerConfig config, RequestHandler handler) {
        return servers.create(config, handler);
    }

    /** Whether {@code transport} can run here; skips the test, saying why, when it cannot. */
    private static void assumeAvailable(Transport transport) {
        switch (transport) {
            case EPOLL -> assumeTrue(Epoll.isAvailable(), () -> "epoll is not usable here: "
                    + Epoll.unavailabilityCause());
            case IO_URING -> assumeTrue(IoUring.isAvailable(), () -> "io_uring is not usable here (often seccomp"
                    + " or kernel.io_uring_disabled): " + IoUring.unavailabilityCause());
            default -> { }
        }
    }

    @Test
    void autoPicksIoUringThenEpollThenNio() throws IOException {
        HttpServer server = server(loopback(Transport.AUTO).build(), HELLO);
        assertNull(server.transport());

        InetSocketAddress address = server.start();

        Transport best = Epoll.isAvailable() ? Transport.EPOLL
                : IoUring.isAvailable() ? Transport.IO_URING : Transport.NIO;
        assertEquals(best, server.transport());
        assertEquals("hello", RawHttp.exchange(address, GET).text());
    }

    @Test
    void nioCanBeForced() throws IOException {
        HttpServer server = server(loopback(Transport.NIO).build(), HELLO);

        InetSocketAddress address = server.start();

        assertEquals(Transport.NIO, server.transport());
        assertEquals("hello", RawHttp.exchange(address, GET).text());
    }

    @ParameterizedTest
    @EnumSource(names = {"EPOLL", "IO_URING"})
    void aNativeTransportAskedForServesOrFailsClearly(Transport transport) throws IOException {
        HttpServer server = server(loopback(transport).build(), HELLO);
        boolean available = transport == Transport.EPOLL ? Epoll.isAvailable() : IoUring.isAvailable();
        if (!available) {
            IllegalStateException failure = assertThrows(IllegalStateException.class, server::start);
            assertTrue(failure.getMessage().startsWith("Transport." + transport + " is not available"),
                    failure.getMessage());
            assertTrue(server.isTerminated());
            return;
        }

        InetSocketAddress address = server.start();

        assertEquals(transport, server.transport());
        assertEquals("hello", RawHttp.exchange(address, GET).text());
    }

    /**
     * SO_REUSEPORT: two servers bind one port, the kernel spreads new connections over both (by a hash of the
     * client's address and port, so a few hundred connections reach both with certainty), and when one closes the
     * other goes on serving the port, as in a rolling restart.
     */
    @ParameterizedTest
    @EnumSource(names = {"EPOLL", "IO_URING"})
    void twoServersWithReusePortShareOnePortAndBothAccept(Transport transport) throws IOException {
        assumeAvailable(transport);
        HttpServer first = server(loopback(transport).reusePort(true).build(), (req, res) -> res.end("first"));
        InetSocketAddress address = first.start();
        HttpServer second = server(loopback(transport).reusePort(true).port(address.getPort()).build(),
                (req, res) -> res.end("second"));

        assertEquals(address, second.start());

        Set<String> answered = new HashSet<>();
        for (int i = 0; i < 500 && answered.size() < 2; i++) {
            answered.add(RawHttp.exchange(address, GET).text());
        }
        assertEquals(Set.of("first", "second"), answered);
        first.close();
        for (int i = 0; i < 20; i++) {
            assertEquals("second", RawHttp.exchange(address, GET).text());
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"EPOLL", "IO_URING"})
    void reusePortIsOffByDefaultAndNeededOnEveryServerOfThePort(Transport transport) {
        assumeAvailable(transport);
        InetSocketAddress address = server(loopback(transport).reusePort(true).build(), HELLO).start();
        HttpServer without = server(loopback(transport).port(address.getPort()).build(), HELLO);

        UncheckedIOException failure = assertThrows(UncheckedIOException.class, without::start);

        assertTrue(failure.getMessage().contains(String.valueOf(address.getPort())), failure.getMessage());
        assertTrue(without.isTerminated());
    }

    @Test
    void reusePortOnNioIsRefusedAtStart() {
        HttpServer server = server(loopback(Transport.NIO).reusePort(true).build(), HELLO);

        IllegalStateException failure = assertThrows(IllegalStateException.class, server::start);

        assertEquals("reusePort needs the epoll or io_uring transport, which can set SO_REUSEPORT; this server"
                + " would run on NIO", failure.getMessage());
        assertTrue(server.isTerminated(), "no thread was started");
        assertThrows(IllegalStateException.class, server::start, "a failed start leaves a closed server");
    }

    /** Without the io_uring jars (everything else of the test class path), AUTO takes epoll where it can run. */
    @Test
    void withoutTheIoUringJarsAutoFallsBackToEpoll() throws Exception {
        assumeAvailable(Transport.EPOLL);
        try (IsolatedH1 isolated = new IsolatedH1("io_uring")) {
            assertEquals("EPOLL", isolated.serveOnce("AUTO", "OFF"));
            assertTrue(isolated.failure("IO_URING", "OFF").contains("netty-transport-native-io_uring"));
        }
    }

    /**
     * The native dependencies are optional: in a class loader without their jars (everything else of the test class
     * path), AUTO starts on NIO, and asking for a native transport fails with a clear message and no thread left.
     */
    @Test
    void withoutTheNativeJarsAutoFallsBackToNioAndNativeTransportsFailClearly() throws Exception {
        try (IsolatedH1 isolated = new IsolatedH1("io_uring", "epoll")) {
            assertTrue(isolated.lacks(Epoll.class));
            assertTrue(isolated.lacks(IoUring.class));

            assertEquals("NIO", isolated.serveOnce("AUTO", "OFF"));
            assertTrue(isolated.failure("EPOLL", "OFF").contains("netty-transport-native-epoll"));
            assertTrue(isolated.failure("IO_URING", "OFF").contains("netty-transport-native-io_uring"));
        }
    }
}
