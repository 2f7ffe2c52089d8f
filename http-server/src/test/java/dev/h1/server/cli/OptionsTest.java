package dev.h1.server.cli;

import dev.h1.server.AccessLog;
import dev.h1.server.ProxyProtocol;
import dev.h1.server.ServerConfig;
import dev.h1.server.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line of the runnable server, channel-free. */
class OptionsTest {

    @Test
    void noArgumentsGiveTheServerDefaults() {
        Options options = Options.parse();

        ServerConfig config = options.toConfig();
        ServerConfig defaults = ServerConfig.defaults();
        assertEquals("127.0.0.1", config.host());
        assertEquals(8080, config.port());
        assertEquals(defaults.connection().headersTimeout(), config.connection().headersTimeout());
        assertEquals(defaults.connection().requestTimeout(), config.connection().requestTimeout());
        assertEquals(defaults.connection().keepAliveTimeout(), config.connection().keepAliveTimeout());
        assertEquals(defaults.connection().idleTimeout(), config.connection().idleTimeout());
        assertEquals(0, config.connection().maxRequestsPerConnection());
        assertEquals(0, config.ioThreads());
        assertEquals(Transport.AUTO, config.transport());
        assertFalse(config.reusePort());
        assertEquals(ProxyProtocol.OFF, config.connection().proxyProtocol());
        assertNull(options.dir());
        assertFalse(options.echo());
        assertFalse(options.accessLog());
        assertNull(config.connection().handlerExecutor(), "the handler runs on the event loop by default");
        assertNull(config.connection().exchangeListener(), "no access log by default");
        assertFalse(options.help());
    }

    @Test
    void everyOptionIsParsed(@TempDir Path dir) {
        Options options = Options.parse("--host", "0.0.0.0", "--port", "0", "--dir", dir.toString(), "--echo",
                "--io-threads", "3", "--transport", "epoll", "--reuse-port", "--proxy-protocol",
                "--headers-timeout", "7", "--request-timeout", "0.25", "--keep-alive-timeout", "0", "--idle-timeout",
                "90", "--max-requests", "100", "--access-log",
                "--handler-threads", "8");

        ServerConfig config = options.toConfig();
        assertEquals("0.0.0.0", config.host());
        assertEquals(0, config.port());
        assertEquals(dir.toAbsolutePath().normalize(), options.dir());
        assertTrue(options.echo());
        assertEquals(3, config.ioThreads());
        assertEquals(Transport.EPOLL, config.transport());
        assertTrue(config.reusePort());
        assertEquals(ProxyProtocol.REQUIRED, config.connection().proxyProtocol());
        assertEquals(Duration.ofSeconds(7), config.connection().headersTimeout());
        assertEquals(Duration.ofMillis(250), config.connection().requestTimeout());
        assertEquals(Duration.ZERO, config.connection().keepAliveTimeout());
        assertEquals(Duration.ofSeconds(90), config.connection().idleTimeout());
        assertEquals(100, config.connection().maxRequestsPerConnection());
        assertTrue(options.accessLog());
        assertEquals(8, options.handlerThreads());
        assertNotNull(config.connection().handlerExecutor());
        assertInstanceOf(AccessLog.class, config.connection().exchangeListener());
    }

    @Test
    void valuesMayFollowAnEqualsSign() {
        Options options = Options.parse("--port=9090", "--host=localhost", "--max-requests=1");

        assertEquals(9090, options.port());
        assertEquals("localhost", options.host());
        assertEquals(1, options.maxRequests());
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "nio", "epoll", "io_uring", "NIO", "Epoll", "IO_URING"})
    void theTransportIsNamedInAnyCase(String name) {
        assertEquals(Transport.valueOf(name.toUpperCase(Locale.ROOT)),
                Options.parse("--transport", name).toConfig().transport());
    }

    @Test
    void laterOccurrencesWin() {
        assertEquals(2, Options.parse("--port", "1", "--port", "2").port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpIsAFlag(String flag) {
        assertTrue(Options.parse("--port", "1", flag).help());
        assertTrue(Options.usage().contains("--keep-alive-timeout"));
        assertTrue(Options.usage().contains("--transport"));
        assertTrue(Options.usage().contains("--reuse-port"));
        assertTrue(Options.usage().contains("--proxy-protocol"));
    }

    @Test
    void rejectsUnknownOptionsAndStrayArguments() {
        assertEquals("unknown option --prot (see --help)",
                assertThrows(IllegalArgumentException.class, () -> Options.parse("--prot", "1")).getMessage());
        assertEquals("unexpected argument 8080 (see --help)",
                assertThrows(IllegalArgumentException.class, () -> Options.parse("8080")).getMessage());
    }

    @Test
    void rejectsAMissingValue() {
        assertEquals("--port needs a value",
                assertThrows(IllegalArgumentException.class, () -> Options.parse("--port")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--host", ""));
    }

    @Test
    void rejectsAValueForAFlag() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--echo=yes"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--reuse-port=true"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--proxy-protocol=v2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=-1", "--port=65536", "--port=http", "--max-requests=-1", "--io-threads=x",
            "--headers-timeout=-1", "--request-timeout=soon", "--idle-timeout=1e99", "--keep-alive-timeout=",
            "--transport=uring", "--transport=io-uring", "--transport="})
    void rejectsValuesOutOfRange(String argument) {
        IllegalArgumentException failure =
                assertThrows(IllegalArgumentException.class, () -> Options.parse(argument));
        assertTrue(failure.getMessage().startsWith(argument.substring(0, argument.indexOf('='))),
                failure.getMessage());
    }

    @Test
    void rejectsADirectoryThatIsNotOne(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse("--dir", dir.resolve("missing").toString()));
    }

    @Test
    void compressionIsOffUnlessAskedFor() {
        assertNull(Options.parse().toConfig().connection().compression());
        assertEquals(dev.h1.server.CompressionConfig.defaults(),
                Options.parse("--compression").toConfig().connection().compression());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--compression=yes"));
    }
}
