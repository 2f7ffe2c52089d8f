package dev.h1.server.cli;

import dev.h1.server.AccessLog;
import dev.h1.server.CompressionConfig;
import dev.h1.server.ConnectionConfig;
import dev.h1.server.ProxyProtocol;
import dev.h1.server.ServerConfig;
import dev.h1.server.Transport;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The command line of the runnable server, parsed. {@link #parse} accepts {@code --name value} and
 * {@code --name=value}; anything else is a usage error ({@link IllegalArgumentException} with a message for the user).
 * Immutable.
 *
 * @param host             address to bind; default {@value ServerConfig#DEFAULT_HOST}
 * @param port             TCP port, 0 for an ephemeral one; default {@value ServerConfig#DEFAULT_PORT}
 * @param dir              the directory served under {@code /files/}, absolute and normalized; {@code null} (the
 *                         default) serves no files
 * @param echo             answer every request with its JSON description ({@link EchoHandler}) instead of the routes
 * @param ioThreads        event-loop threads; 0 = Netty's default
 * @param transport        see {@link ServerConfig#transport()}; default {@link Transport#AUTO}
 * @param reusePort        see {@link ServerConfig#reusePort()}; default false
 * @param proxyProtocol    see {@link ConnectionConfig#proxyProtocol()}; default {@link ProxyProtocol#OFF}
 * @param headersTimeout   see {@link ConnectionConfig#headersTimeout()}
 * @param requestTimeout   see {@link ConnectionConfig#requestTimeout()}
 * @param keepAliveTimeout see {@link ConnectionConfig#keepAliveTimeout()}
 * @param idleTimeout      see {@link ConnectionConfig#idleTimeout()}
 * @param maxRequests      see {@link ConnectionConfig#maxRequestsPerConnection()}
 * @param handlerThreads   run the request handler on a pool of this many threads, in blocking style
 *                         ({@link ConnectionConfig#handlerExecutor()}); 0 (the default) runs it on the event loop
 * @param compression      compress responses ({@link CompressionConfig#defaults()}); default off
 * @param accessLog        write an access log line per exchange ({@link AccessLog}, Combined Log Format)
 * @param help             print {@link #usage()} and exit
 */
public record Options(String host, int port, Path dir, boolean echo, int ioThreads, Transport transport,
                      boolean reusePort, ProxyProtocol proxyProtocol, Duration headersTimeout,
                      Duration requestTimeout, Duration keepAliveTimeout, Duration idleTimeout, int maxRequests,
                      int handlerThreads, boolean compression, boolean accessLog, boolean help) {

    /** The defaults: those of {@link ServerConfig}, no directory, routes mode. */
    public static Options defaults() {
        ServerConfig server = ServerConfig.defaults();
        ConnectionConfig connection = server.connection();
        return new Options(server.host(), server.port(), null, false, server.ioThreads(), server.transport(),
                server.reusePort(), connection.proxyProtocol(), connection.headersTimeout(),
                connection.requestTimeout(), connection.keepAliveTimeout(), connection.idleTimeout(),
                connection.maxRequestsPerConnection(), 0, false, false, false);
    }

    /** Parses {@code args}; {@link IllegalArgumentException} with a user-facing message on any mistake. */
    public static Options parse(String... args) {
        Parser parser = new Parser(defaults());
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            String inline = name.equals(arg) ? null : arg.substring(eq + 1);
            if (parser.isFlag(name)) {
                if (inline != null) {
                    throw new IllegalArgumentException(name + " takes no value");
                }
                parser.flag(name);
            } else if (!parser.isOption(name)) {
                throw new IllegalArgumentException((name.startsWith("-") ? "unknown option " : "unexpected argument ")
                        + name + " (see --help)");
            } else {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    value = args[++i];
                }
                parser.option(name, value);
            }
        }
        return parser.options();
    }

    /** The server configuration these options describe. */
    public ServerConfig toConfig() {
        return ServerConfig.builder()
                .host(host)
                .port(port)
                .ioThreads(ioThreads)
                .transport(transport)
                .reusePort(reusePort)
                .connection(ConnectionConfig.builder()
                        .proxyProtocol(proxyProtocol)
                        .headersTimeout(headersTimeout)
                        .requestTimeout(requestTimeout)
                        .keepAliveTimeout(keepAliveTimeout)
                        .idleTimeout(idleTimeout)
                        .maxRequestsPerConnection(maxRequests)
                        .handlerExecutor(handlerThreads == 0 ? null : Executors.newFixedThreadPool(handlerThreads,
                                new DefaultThreadFactory("h1-handler", true)))
                        .exchangeListener(accessLog ? AccessLog.toSystemLogger(AccessLog.Format.COMBINED) : null)
                        .compression(compression ? CompressionConfig.defaults() : null)
                        .build())
                .build();
    }

    /** The text of {@code --help}. */
    public static String usage() {
        return """
                Usage: java -jar h1-server.jar [options]

                A demo HTTP/1.1 server on h1. Routes: GET / (this list as HTML), GET /plaintext, POST /echo,
                GET /stream, GET /files/<path> (files under --dir).

                Options:
                  --host HOST               address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
                  --port PORT               TCP port, 0 for an ephemeral one (default 8080)
                  --dir DIR                 serve the files under DIR at /files/ (default: no files)
                  --echo                    answer every request with a JSON description of it
                  --io-threads N            event-loop threads (default 0 = 2 x CPU cores)
                  --transport T             auto, nio, epoll or io_uring (default auto: epoll where available,
                                            else io_uring where the kernel allows it, else nio)
                  --reuse-port              set SO_REUSEPORT, so that several servers share the port (epoll and
                                            io_uring only)
                  --proxy-protocol          require a PROXY protocol v1/v2 header on every connection (behind
                                            HAProxy, Envoy, nginx or a cloud load balancer)
                  --headers-timeout S       seconds for a whole request head (default 60; 0 = off)
                  --request-timeout S       seconds for a whole request (default 300; 0 = off)
                  --keep-alive-timeout S    idle seconds between requests (default 5; 0 = off)
                  --idle-timeout S          seconds without traffic before closing (default 0 = off)
                  --max-requests N          requests per connection (default 0 = unlimited)
                  --compression             gzip/deflate text, JSON, XML and SVG responses of 1 KiB or more
                  --handler-threads N       run the handler on N threads, blocking style (default 0 = event loop)
                  --access-log              log each exchange (Combined Log Format) to the server's log output
                  --help                    print this and exit
                """;
    }

    /** Collects the arguments one by one, starting from the defaults. */
    private static final class Parser {
        private static final Set<String> FLAGS = Set.of("--echo", "--reuse-port", "--proxy-protocol",
                "--compression", "--access-log", "--help", "-h");
        private static final Set<String> OPTIONS = Set.of("--host", "--port", "--dir", "--io-threads", "--transport",
                "--headers-timeout", "--request-timeout", "--keep-alive-timeout", "--idle-timeout", "--max-requests",
                "--handler-threads");

        private String host;
        private int port;
        private Path dir;
        private boolean echo;
        private int ioThreads;
        private Transport transport;
        private boolean reusePort;
        private ProxyProtocol proxyProtocol;
        private Duration headersTimeout;
        private Duration requestTimeout;
        private Duration keepAliveTimeout;
        private Duration idleTimeout;
        private int maxRequests;
        private int handlerThreads;
        private boolean accessLog;
        private boolean help;
        private boolean compression;

        Parser(Options start) {
            host = start.host;
            port = start.port;
            dir = start.dir;
            echo = start.echo;
            ioThreads = start.ioThreads;
            transport = start.transport;
            reusePort = start.reusePort;
            proxyProtocol = start.proxyProtocol;
            headersTimeout = start.headersTimeout;
            requestTimeout = start.requestTimeout;
            keepAliveTimeout = start.keepAliveTimeout;
            idleTimeout = start.idleTimeout;
            maxRequests = start.maxRequests;
            handlerThreads = start.handlerThreads;
            accessLog = start.accessLog;
            help = start.help;
            compression = start.compression;
        }

        Options options() {
            return new Options(host, port, dir, echo, ioThreads, transport, reusePort, proxyProtocol, headersTimeout,
                    requestTimeout, keepAliveTimeout, idleTimeout, maxRequests, handlerThreads, compression, accessLog,
                    help);
        }

        boolean isFlag(String name) {
            return FLAGS.contains(name);
        }

        boolean isOption(String name) {
            return OPTIONS.contains(name);
        }

        void flag(String name) {
            switch (name) {
                case "--echo" -> echo = true;
                case "--reuse-port" -> reusePort = true;
                case "--proxy-protocol" -> proxyProtocol = ProxyProtocol.REQUIRED;
                case "--compression" -> compression = true;
                case "--access-log" -> accessLog = true;
                default -> help = true;
            }
        }

        void option(String name, String value) {
            switch (name) {
                case "--host" -> host = requireText(name, value);
                case "--port" -> port = integer(name, value, 65535);
                case "--dir" -> dir = directory(value);
                case "--io-threads" -> ioThreads = integer(name, value, 4096);
                case "--transport" -> transport = transport(name, value);
                case "--headers-timeout" -> headersTimeout = seconds(name, value);
                case "--request-timeout" -> requestTimeout = seconds(name, value);
                case "--keep-alive-timeout" -> keepAliveTimeout = seconds(name, value);
                case "--idle-timeout" -> idleTimeout = seconds(name, value);
                case "--max-requests" -> maxRequests = integer(name, value, Integer.MAX_VALUE);
                case "--handler-threads" -> handlerThreads = integer(name, value, 4096);
                default -> throw new IllegalStateException("not an option: " + name); // isOption was checked
            }
        }

        private static String requireText(String name, String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return value;
        }

        private static int integer(String name, String value, int max) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 0 && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " takes a whole number from 0 to " + max + ", not '"
                    + value + "'");
        }

        /** {@code auto}, {@code nio}, {@code epoll} or {@code io_uring}, in any case. */
        private static Transport transport(String name, String value) {
            for (Transport candidate : Transport.values()) {
                if (candidate.name().equalsIgnoreCase(value)) {
                    return candidate;
                }
            }
            throw new IllegalArgumentException(name + " takes auto, nio, epoll or io_uring, not '" + value + "'");
        }

        /** Seconds, possibly with a fraction ("1.5"), to the millisecond. */
        private static Duration seconds(String name, String value) {
            try {
                BigDecimal seconds = new BigDecimal(value);
                if (seconds.signum() >= 0 && seconds.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                    return Duration.ofMillis(seconds.movePointRight(3).longValue());
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " takes seconds (0 or more, for example 5 or 0.5), not '"
                    + value + "'");
        }

        private static Path directory(String value) {
            Path dir = Path.of(value).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--dir " + value + " is not a directory");
            }
            return dir;
        }
    }
}
