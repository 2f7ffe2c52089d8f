package dev.h1.tests.e2e;

import dev.h1.server.ConnectionConfig;
import dev.h1.server.HttpServer;
import dev.h1.server.ServerConfig;
import dev.h1.server.Transport;
import dev.h1.server.api.RequestHandler;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts h1 servers in-process on 127.0.0.1, port 0, and closes them (gracefully) in {@link #close()}, which every
 * test class calls from {@code @AfterEach}. Every server records its connections in {@link #connections} unless the
 * test installs its own listener; responses carry {@value #CONNECTION_HEADER} with the connection's number when the
 * handler is wrapped by {@link #tagged}.
 */
public final class ServerFixture implements AutoCloseable {

    /** Response header naming the server-side connection (1, 2, ...) a request arrived on. */
    public static final String CONNECTION_HEADER = "X-Connection";

    public final ConnectionLog connections = new ConnectionLog();
    private final List<HttpServer> servers = new ArrayList<>();
    private HttpServer current;
    private InetSocketAddress address;

    /** The connection defaults, to adjust per test. */
    public static ConnectionConfig.Builder connection() {
        return ConnectionConfig.builder();
    }

    /**
     * The transport of every server started here: {@code -Dh1.test.transport=NIO|EPOLL|IO_URING} runs the socket
     * tests on another transport than the default's choice.
     */
    static final Transport TRANSPORT = Transport.valueOf(System.getProperty("h1.test.transport", "AUTO"));

    public InetSocketAddress start(RequestHandler handler) {
        return start(connection(), handler);
    }

    public InetSocketAddress start(ConnectionConfig.Builder connection, RequestHandler handler) {
        return start(ServerConfig.defaults().shutdownGracePeriod(), connection, handler);
    }

    /**
     * Starts a server on loopback, an ephemeral port and one I/O thread (enough for these tests; keeps their ordering
     * simple), serving connections as {@code connection} says.
     */
    public InetSocketAddress start(Duration shutdownGracePeriod, ConnectionConfig.Builder connection,
                            RequestHandler handler) {
        ConnectionConfig built = connection.build();
        if (built.connectionListener() == null) {
            built = built.toBuilder().connectionListener(connections).build();
        }
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).ioThreads(1).transport(TRANSPORT)
                .shutdownGracePeriod(shutdownGracePeriod).connection(built).build();
        current = HttpServer.create(config, handler);
        servers.add(current);
        address = current.start();
        return address;
    }

    /** {@code handler}, with {@value #CONNECTION_HEADER} set on every response before it runs. */
    public RequestHandler tagged(RequestHandler handler) {
        return (req, res) -> {
            res.setHeader(CONNECTION_HEADER, String.valueOf(connections.idOf(req.connection())));
            handler.handle(req, res);
        };
    }

    public HttpServer server() {
        return current;
    }

    public InetSocketAddress address() {
        return address;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + address.getPort() + pathAndQuery);
    }

    @Override
    public void close() {
        for (HttpServer server : servers) {
            server.close();
        }
        servers.clear();
    }
}
