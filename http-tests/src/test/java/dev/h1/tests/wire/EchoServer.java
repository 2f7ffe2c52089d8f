package dev.h1.tests.wire;

import dev.h1.server.HttpServer;
import dev.h1.server.cli.Main;
import dev.h1.server.cli.Options;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The runnable server in {@code --echo} mode, in-process: exactly what {@code java -jar h1-server.jar --echo} builds
 * ({@code Main.create(Options)}, package-private there, so called reflectively), on 127.0.0.1 and an ephemeral port.
 */
final class EchoServer {

    private EchoServer() {
    }

    /** A started echo server; close it when done. */
    static HttpServer start() {
        Options options = Options.parse("--echo", "--host", "127.0.0.1", "--port", "0", "--io-threads", "2");
        HttpServer server;
        try {
            Method create = Main.class.getDeclaredMethod("create", Options.class);
            create.setAccessible(true);
            server = (HttpServer) create.invoke(null, options);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("Main.create(Options) is gone; update " + EchoServer.class, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Main.create failed", e.getCause());
        }
        server.start();
        return server;
    }
}
