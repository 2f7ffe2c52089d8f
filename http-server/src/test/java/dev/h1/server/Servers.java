package dev.h1.server;

import dev.h1.server.api.RequestHandler;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link HttpServer}s one test creates, each closed after the test whatever its outcome, so that no port or
 * event-loop thread outlives it: {@code @RegisterExtension final Servers servers = new Servers();}.
 */
final class Servers implements AfterEachCallback {

    private final List<HttpServer> created = new ArrayList<>();

    /** A server for {@code config} and {@code handler}, not started, closed after the test. */
    HttpServer create(ServerConfig config, RequestHandler handler) {
        HttpServer server = HttpServer.create(config, handler);
        created.add(server);
        return server;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        created.forEach(HttpServer::close);
    }
}
