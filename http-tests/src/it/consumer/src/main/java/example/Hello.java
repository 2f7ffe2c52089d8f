package example;

import dev.h1.server.HttpServer;
import dev.h1.server.ServerConfig;

public final class Hello {

    public static HttpServer start(int port) {
        HttpServer server = HttpServer.create(ServerConfig.builder().port(port).build(), (req, res) -> {
            res.setHeader("Content-Type", "text/plain; charset=utf-8");
            res.end("Hello from h1: " + req.method() + " " + req.path() + "\n");
        });
        System.out.println("listening on " + server.start()); // start() returns once the port is bound
        return server;
    }

    public static void main(String[] args) {
        HttpServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 8080); // 0: any free port
        Runtime.getRuntime().addShutdownHook(new Thread(server::close)); // Ctrl-C closes it gracefully
    }
}
