package dev.h1.server;

import dev.h1.server.api.RequestHandler;
import dev.h1.server.cli.RawHttp;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

        Transport best = IoUring.isAvailable() ? Transport.IO_URING
                : Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO;
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
        try (Isolated isolated = new Isolated("io_uring")) {
            assertEquals("EPOLL", isolated.startAndClose("AUTO"));
            assertTrue(isolated.failure("IO_URING").contains("netty-transport-native-io_uring"));
        }
    }

    /**
     * The native dependencies are optional: in a class loader without their jars (everything else of the test class
     * path), AUTO starts on NIO, and asking for a native transport fails with a clear message and no thread left.
     */
    @Test
    void withoutTheNativeJarsAutoFallsBackToNioAndNativeTransportsFailClearly() throws Exception {
        try (Isolated isolated = new Isolated("io_uring", "epoll")) {
            assertThrows(ClassNotFoundException.class, () -> isolated.loader.loadClass(Epoll.class.getName()));
            assertThrows(ClassNotFoundException.class, () -> isolated.loader.loadClass(IoUring.class.getName()));

            assertEquals("NIO", isolated.startAndClose("AUTO"));
            assertTrue(isolated.failure("EPOLL").contains("netty-transport-native-epoll"));
            assertTrue(isolated.failure("IO_URING").contains("netty-transport-native-io_uring"));
        }
    }

    /** h1 loaded again, by a class loader that leaves out the class path entries whose names contain given words. */
    private static final class Isolated implements AutoCloseable {
        private final URLClassLoader loader;
        private final Class<?> serverType;
        private final Class<?> configType;
        private final Class<?> handlerType;
        private final Class<?> transportType;
        private final Object handler;

        Isolated(String... leftOut) throws Exception {
            List<URL> kept = new ArrayList<>();
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            for (String entry : classPath.split(File.pathSeparator)) {
                if (List.of(leftOut).stream().noneMatch(entry::contains)) {
                    kept.add(Path.of(entry).toUri().toURL());
                }
            }
            loader = new URLClassLoader(kept.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            serverType = loader.loadClass(HttpServer.class.getName());
            configType = loader.loadClass(ServerConfig.class.getName());
            handlerType = loader.loadClass(RequestHandler.class.getName());
            transportType = loader.loadClass(Transport.class.getName());
            handler = Proxy.newProxyInstance(loader, new Class<?>[] {handlerType}, (proxy, method, args) -> {
                throw new UnsupportedOperationException("no request expected");
            });
        }

        /** Starts a server on {@code transport} and returns the transport it runs on. */
        String startAndClose(String transport) throws ReflectiveOperationException {
            Object server = create(transport);
            try {
                serverType.getMethod("start").invoke(server);
                return serverType.getMethod("transport").invoke(server).toString();
            } finally {
                serverType.getMethod("close").invoke(server);
            }
        }

        /** The message of the {@link IllegalStateException} that starting on {@code transport} fails with. */
        String failure(String transport) throws ReflectiveOperationException {
            Object server = create(transport);
            InvocationTargetException failure = assertThrows(InvocationTargetException.class,
                    () -> serverType.getMethod("start").invoke(server));
            assertEquals(IllegalStateException.class.getName(), failure.getCause().getClass().getName());
            Method isTerminated = serverType.getDeclaredMethod("isTerminated"); // package-private, other loader
            isTerminated.setAccessible(true);
            assertTrue((Boolean) isTerminated.invoke(server));
            return failure.getCause().getMessage();
        }

        /** {@code HttpServer.create(ServerConfig.builder().port(0).ioThreads(1).transport(..).build(), handler)}. */
        private Object create(String transport) throws ReflectiveOperationException {
            Object builder = configType.getMethod("builder").invoke(null);
            Class<?> builderType = builder.getClass();
            builderType.getMethod("port", int.class).invoke(builder, 0);
            builderType.getMethod("ioThreads", int.class).invoke(builder, 1);
            builderType.getMethod("transport", transportType)
                    .invoke(builder, transportType.getField(transport).get(null));
            Object config = builderType.getMethod("build").invoke(builder);
            return serverType.getMethod("create", configType, handlerType).invoke(null, config, handler);
        }

        @Override
        public void close() throws IOException {
            loader.close();
        }
    }
}
