package dev.h1.server.connection;

import dev.h1.server.ProxyProtocol;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerRequest;
import dev.h1.server.pipeline.HttpServerInitializer;
import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Response;
import dev.h1.testing.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static dev.h1.server.testing.ProxyHeaders.text;
import static dev.h1.server.testing.ProxyHeaders.tlv;
import static dev.h1.server.testing.ProxyHeaders.v1;
import static dev.h1.server.testing.ProxyHeaders.v1Unknown;
import static dev.h1.server.testing.ProxyHeaders.v2;
import static dev.h1.server.testing.ProxyHeaders.v2Local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ProxyProtocol#REQUIRED} on h1's real pipeline: the PROXY header's addresses become the request's and the
 * connection's, in every split of the bytes; a connection without a valid header is closed with nothing parsed; the
 * decoded header is released (paranoid leak detection would fail the test otherwise).
 */
class ProxyProtocolTest {

    /** Answers with the request's remote and local addresses, then the connection's remote address. */
    private static final RequestHandler ADDRESSES = (req, res) -> res.end(describe(req));

    private static String describe(ServerRequest req) {
        return show(req.remoteAddress()) + " > " + show(req.localAddress()) + " conn "
                + show(req.connection().remoteAddress());
    }

    private static String show(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
                : address.toString();
    }

    private static EmbeddedServer proxied(RequestHandler handler) {
        return EmbeddedServer.start(config().proxyProtocol(ProxyProtocol.REQUIRED), handler);
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void aVersion1HeaderGivesTheClientsAddressesInEverySplit(Split split) {
        byte[] header = v1("203.0.113.7", 51000, "192.0.2.10", 443).getBytes(StandardCharsets.ISO_8859_1);

        assertEveryFeedAnswers(split, header, "203.0.113.7:51000 > 192.0.2.10:443 conn 203.0.113.7:51000");
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void aVersion2HeaderWithTlvsGivesTheClientsAddressesInEverySplit(Split split) {
        byte[] header = v2("198.51.100.23", 40123, "10.0.0.5", 8080,
                concat(tlv(0x02, "example.com"), tlv(0x05, "unique-id-1")));

        assertEveryFeedAnswers(split, header, "198.51.100.23:40123 > 10.0.0.5:8080 conn 198.51.100.23:40123");
    }

    /** {@code header} and a GET, fed to a new connection in each of the split's feeds, are answered {@code body}. */
    private static void assertEveryFeedAnswers(Split split, byte[] header, String body) {
        byte[] input = concat(header, get("/").getBytes(StandardCharsets.ISO_8859_1));
        for (List<byte[]> reads : split.feeds(input)) {
            EmbeddedServer server = proxied(ADDRESSES);
            for (byte[] read : reads) {
                server.send(text(read));
            }

            List<Response> answered = responses(server.output());

            assertEquals(1, answered.size());
            assertEquals(body, answered.get(0).body());
            server.finish();
        }
    }

    @Test
    void ipv6AddressesInEitherVersionAreTold() {
        EmbeddedServer v1 = proxied(ADDRESSES);
        v1.send(v1("2001:db8::7", 50000, "2001:db8::1", 443) + get("/"));
        assertEquals("2001:db8:0:0:0:0:0:7:50000 > 2001:db8:0:0:0:0:0:1:443 conn 2001:db8:0:0:0:0:0:7:50000",
                responses(v1.output()).get(0).body());
        v1.finish();

        EmbeddedServer v2 = proxied(ADDRESSES);
        v2.send(text(v2("2001:db8::8", 50001, "2001:db8::2", 80, new byte[0])) + get("/"));
        assertEquals("2001:db8:0:0:0:0:0:8:50001 > 2001:db8:0:0:0:0:0:2:80 conn 2001:db8:0:0:0:0:0:8:50001",
                responses(v2.output()).get(0).body());
        v2.finish();
    }

    @Test
    void everyRequestOfTheConnectionSeesTheClientAndTheHandlersLeaveAfterTheHeader() {
        EmbeddedServer server = proxied(ADDRESSES);

        server.send(v1("203.0.113.9", 1234, "192.0.2.1", 80) + get("/a"));
        assertNull(server.channel().pipeline().get(HttpServerInitializer.PROXY_DECODER));
        assertNull(server.channel().pipeline().get(HttpServerInitializer.PROXY_HEADER));
        server.send(get("/b") + get("/c"));

        List<Response> answered = responses(server.output());
        assertEquals(3, answered.size());
        for (Response response : answered) {
            assertEquals("203.0.113.9:1234 > 192.0.2.1:80 conn 203.0.113.9:1234", response.body());
        }
        assertEquals("203.0.113.9:1234", show(server.connection().remoteAddress()));
        server.finish();
    }

    /** A LOCAL header (the proxy's health check) and an UNKNOWN one tell no client: the connection's own addresses. */
    @ParameterizedTest
    @ValueSource(strings = {"local", "unknown"})
    void localAndUnknownHeadersKeepTheConnectionsOwnAddresses(String kind) {
        EmbeddedServer server = proxied(ADDRESSES);
        String own = show(server.channel().remoteAddress()) + " > " + show(server.channel().localAddress()) + " conn "
                + show(server.channel().remoteAddress());

        server.send((kind.equals("local") ? text(v2Local()) : v1Unknown()) + get("/"));

        assertEquals(own, responses(server.output()).get(0).body());
        server.finish();
    }

    /** Without a valid header the connection is closed before any of its bytes is parsed as HTTP: no answer at all. */
    @ParameterizedTest
    @ValueSource(strings = {
            "plain HTTP",
            "v1 with a bad address",
            "v1 with a missing port",
            "v1 over its 107-byte limit",
            "v1 UDP",
            "v2 with version 3",
            "v2 TCP over IPv4 with a short address block"})
    void aConnectionWithoutAValidHeaderIsClosedUnansweredAndUnparsed(String kind) {
        List<String> handled = new ArrayList<>();
        EmbeddedServer server = proxied((req, res) -> {
            handled.add(req.url());
            res.end();
        });

        server.send(badHeader(kind) + get("/"));

        assertEquals("", server.output());
        assertTrue(handled.isEmpty());
        assertEquals(CloseReason.PROXY_PROTOCOL_ERROR, server.closeReason());
        assertEquals(List.of("open", "close PROXY_PROTOCOL_ERROR"), server.events());
        server.finish();
    }

    private static String badHeader(String kind) {
        return switch (kind) {
            case "plain HTTP" -> "";
            case "v1 with a bad address" -> "PROXY TCP4 203.0.113.300 192.0.2.1 1234 80\r\n";
            case "v1 with a missing port" -> "PROXY TCP4 203.0.113.3 192.0.2.1 1234\r\n";
            case "v1 over its 107-byte limit" -> "PROXY TCP6 " + "a".repeat(120) + "\r\n";
            case "v1 UDP" -> "PROXY UDP4 203.0.113.3 192.0.2.1 1234 80\r\n";
            case "v2 with version 3" -> text(v2(0x31, 0x11, new byte[12]));
            case "v2 TCP over IPv4 with a short address block" -> text(v2(0x21, 0x11, new byte[6]));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A header that never completes is cut by the headers timeout, which runs from the connection's open. */
    @Test
    void aHeaderThatNeverCompletesIsCutByTheHeadersTimeout() {
        EmbeddedServer server = proxied(ADDRESSES);
        server.send("PROXY TCP4 203.0.113.7 ");

        server.advanceSeconds(60);

        assertEquals(CloseReason.HEADERS_TIMEOUT, server.closeReason());
        assertEquals(408, responses(server.output()).get(0).status());
        server.finish();
    }

    @Test
    void offByDefaultAHeaderIsJustABadRequestLine() {
        EmbeddedServer server = EmbeddedServer.start(ADDRESSES);
        assertEquals(ProxyProtocol.OFF, config().build().proxyProtocol());
        assertNull(server.channel().pipeline().get(HttpServerInitializer.PROXY_DECODER));
        assertNotNull(server.channel().pipeline().get(HttpServerInitializer.DECODER));

        server.send(v1("203.0.113.7", 51000, "192.0.2.10", 443) + get("/"));

        assertEquals(400, responses(server.output()).get(0).status());
        assertEquals(CloseReason.PARSE_ERROR, server.closeReason());
        server.finish();
    }

    /** The header is the connection's first bytes, before TLS: its handlers go in front of the caller's. */
    @Test
    void theHeaderHandlersStandInFrontOfTheCallersHandlers() {
        EmbeddedServer server = proxied(ADDRESSES);
        List<String> names = server.channel().pipeline().names();
        assertEquals(HttpServerInitializer.PROXY_DECODER, names.get(0));
        assertEquals(HttpServerInitializer.PROXY_HEADER, names.get(1));
        server.finish();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
