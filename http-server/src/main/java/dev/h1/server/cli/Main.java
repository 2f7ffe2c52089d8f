package dev.h1.server.cli;

import dev.h1.server.HttpServer;
import dev.h1.server.Transport;
import dev.h1.server.api.RequestHandler;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The runnable demo server: {@code java -jar http-server/target/h1-server.jar [options]} (see {@link Options#usage()}).
 * Prints one line with the bound address and the transport in use to stdout, serves {@link Routes} (or
 * {@link EchoHandler} with {@code --echo}) until SIGTERM or Ctrl-C, then closes gracefully and exits with status 0.
 * Usage errors exit with 2, a failure to bind with 1.
 */
public final class Main {

    private Main() {
    }

    /** Runs the demo server with the command line {@code args}. */
    public static void main(String[] args) {
        oneLineLogRecords();
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("h1: " + e.getMessage());
            System.err.print(Options.usage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(Options.usage());
            return;
        }
        HttpServer server = create(options);
        InetSocketAddress address;
        try {
            address = server.start();
        } catch (RuntimeException e) {
            System.err.println("h1: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "h1-shutdown"));
        System.out.println(listeningLine(address, server.transport()));
        // main ends here; the server's (non-daemon) event-loop threads keep the JVM running until a signal
    }

    /**
     * java.util.logging, the default backend of the server's loggers, writes a record as two lines; the demo writes one
     * (time, level, logger, message), so that {@code --access-log} gives a line per request. An operator's own format
     * ({@code -Djava.util.logging.SimpleFormatter.format=...}) wins. Set before anything logs: the formatter reads it
     * once.
     */
    private static void oneLineLogRecords() {
        String property = "java.util.logging.SimpleFormatter.format";
        if (System.getProperty(property) == null) {
            System.setProperty(property, "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
    }

    /**
     * The shutdown hook: once the server runs, the JVM ends only through a signal (SIGTERM, Ctrl-C), which is the
     * operator's normal way to stop it. So after the graceful close the exit status is 0, not the JVM's 128 + signal:
     * {@code halt} sets it (no other shutdown hook is registered by this program).
     */
    private static void stop(HttpServer server) {
        server.close();
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    /** The server {@code options} describe, not yet started. */
    public static HttpServer create(Options options) {
        return HttpServer.create(options.toConfig(), handler(options));
    }

    /**
     * The application {@code options} describe: the routes, or the echo handler with {@code --echo}. Public so that
     * the benchmarks can run the demo server's own handler in an embedded pipeline.
     */
    public static RequestHandler handler(Options options) {
        return options.echo() ? new EchoHandler() : new Routes(options.dir(), options.handlerThreads() > 0);
    }

    /**
     * {@code h1 listening on http://127.0.0.1:8080 (transport: epoll)}, with an IPv6 address in brackets; the
     * transport is the one in use ({@link HttpServer#transport()}), never {@code auto}.
     */
    static String listeningLine(InetSocketAddress address, Transport transport) {
        String host = address.getAddress() instanceof Inet6Address ? "[" + address.getHostString() + "]"
                : address.getHostString();
        return "h1 listening on http://" + host + ":" + address.getPort()
                + " (transport: " + transport.name().toLowerCase(Locale.ROOT) + ")";
    }
}
