package dev.h1.server;

import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ConnectionListener;
import dev.h1.server.api.HttpConnection;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.cli.RawHttp;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.h1.server.testing.ProxyHeaders.tlv;
import static dev.h1.server.testing.ProxyHeaders.v1;
import static dev.h1.server.testing.ProxyHeaders.v2;
import static dev.h1.server.testing.ProxyHeaders.v2Local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ProxyProtocol#REQUIRED} end to end: an {@link HttpServer} on loopback, a raw socket client as the proxy. */
class ProxyProtocolServerTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: test\r\n\r\n";
    /** Answers with the request's remote and local addresses. */
    private static final RequestHandler ADDRESSES = (req, res) -> res.end(req.remoteAddress() + " > "
            + req.localAddress());

    @RegisterExtension
    final Servers servers = new Servers();

    private final CompletableFuture<CloseReason> firstClose = new CompletableFuture<>();

    private InetSocketAddress start() {
        ConnectionListener closes = new ConnectionListener() {
            @Override
            public void onClose(HttpConnection connection, CloseReason reason) {
                firstClose.complete(reason);
            }
        };
        return servers.create(ServerConfig.builder().host("127.0.0.1").port(0).ioThreads(1)
                .connection(ConnectionConfig.builder().proxyProtocol(ProxyProtocol.REQUIRED)
                        .connectionListener(closes).build())
                .build(), ADDRESSES).start();
    }

    @Test
    void aVersion1HeaderGivesTheClientsAddresses() throws IOException {
        InetSocketAddress address = start();
        try (RawHttp proxy = RawHttp.connect(address)) {
            proxy.send(v1("203.0.113.7", 51000, "192.0.2.10", 443) + GET + GET);

            assertEquals("/203.0.113.7:51000 > /192.0.2.10:443", proxy.read().text());
            assertEquals("/203.0.113.7:51000 > /192.0.2.10:443", proxy.read().text(), "the next request too");
        }
    }

    @Test
    void aVersion2HeaderGivesTheClientsAddresses() throws IOException {
        InetSocketAddress address = start();
        try (RawHttp proxy = RawHttp.connect(address)) {
            proxy.send(v2("198.51.100.23", 40123, "10.0.0.5", 8080, tlv(0x02, "example.com")));
            proxy.send(GET);

            assertEquals("/198.51.100.23:40123 > /10.0.0.5:8080", proxy.read().text());
        }
    }

    @Test
    void aLocalHeaderKeepsTheSocketsAddresses() throws IOException {
        InetSocketAddress address = start();
        try (RawHttp proxy = RawHttp.connect(address)) {
            proxy.send(v2Local());
            proxy.send(GET);

            String[] told = proxy.read().text().split(" > ");
            assertTrue(told[0].startsWith("/127.0.0.1:"), told[0]);
            assertEquals(address.toString(), told[1]);
        }
    }

    @Test
    void aConnectionWithoutAHeaderIsClosedUnanswered() throws Exception {
        InetSocketAddress address = start();
        try (RawHttp client = RawHttp.connect(address)) {
            client.send(GET);

            assertTrue(client.awaitClosed(), "closed, and not a byte answered");
        }
        assertEquals(CloseReason.PROXY_PROTOCOL_ERROR, firstClose.get(5, TimeUnit.SECONDS));
    }

    /**
     * {@code netty-codec-haproxy} is optional: in a class loader without it (everything else of the test class path), a
     * server without the PROXY protocol serves, and one that requires it fails to start with a clear message.
     */
    @Test
    void withoutTheHaproxyCodecOnlyRequiredFailsAndClearly() throws Exception {
        try (IsolatedH1 isolated = new IsolatedH1("netty-codec-haproxy")) {
            assertTrue(isolated.lacks(HAProxyMessageDecoder.class));

            assertEquals("NIO", isolated.serveOnce("NIO", "OFF"));
            assertEquals("ProxyProtocol.REQUIRED needs io.netty:netty-codec-haproxy on the class path",
                    isolated.failure("NIO", "REQUIRED"));
        }
    }
}
