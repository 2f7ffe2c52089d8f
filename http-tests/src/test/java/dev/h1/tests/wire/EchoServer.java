package dev.h1.tests.wire;

import dev.h1.server.HttpServer;
import dev.h1.server.cli.Main;
import dev.h1.server.cli.Options;

/**
 * The runnable server in {@code --echo} mode, in-process: exactly what {@code java -jar h1-server.jar --echo} builds
 * ({@code Main.create(Options)}), on 127.0.0.1 and an ephemeral port.
 */
final class EchoServer {

    private EchoServer() {
    }

    /** A started echo server; close it when done. */
    static HttpServer start() {
        Options options = Options.parse("--echo", "--host", "127.0.0.1", "--port", "0", "--io-threads", "2");
        HttpServer server = Main.create(options);
        server.start();
        return server;
    }
}
