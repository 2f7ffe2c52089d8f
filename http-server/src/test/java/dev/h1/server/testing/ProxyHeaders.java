package dev.h1.server.testing;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * PROXY protocol headers as a load balancer writes them, built byte by byte from the spec (proxy-protocol.txt §2.1 for
 * version 1, §2.2 for version 2) rather than with Netty's encoder, so that the tests check the decoder against the
 * wire format itself.
 */
public final class ProxyHeaders {

    /** §2.2: the 12-byte signature that starts every version 2 header. */
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    /** §2.2: the version (2) in the high nibble, the command in the low one. */
    private static final int V2_LOCAL = 0x20;
    private static final int V2_PROXY = 0x21;
    /** §2.2: the address family in the high nibble (1 INET, 2 INET6), the transport in the low one (1 STREAM). */
    private static final int TCP_OVER_IPV4 = 0x11;
    private static final int TCP_OVER_IPV6 = 0x21;
    private static final int UNSPEC = 0x00;

    private ProxyHeaders() {
    }

    /** §2.1: {@code PROXY TCP4 src dst sport dport\r\n} (or TCP6, by the addresses' family). */
    public static String v1(String source, int sourcePort, String destination, int destinationPort) {
        String family = source.contains(":") ? "TCP6" : "TCP4";
        return "PROXY " + family + " " + source + " " + destination + " " + sourcePort + " " + destinationPort
                + "\r\n";
    }

    /** §2.1: the header of a connection whose protocol the proxy does not know; its addresses are not told. */
    public static String v1Unknown() {
        return "PROXY UNKNOWN\r\n";
    }

    /**
     * §2.2: a PROXY command for TCP, with the addresses (both IPv4 or both IPv6 literals) and ports, followed by
     * {@code tlvs} (type, 16-bit length, value each; may be empty).
     */
    public static byte[] v2(String source, int sourcePort, String destination, int destinationPort, byte[] tlvs) {
        byte[] src = literal(source);
        byte[] dst = literal(destination);
        ByteArrayOutputStream addresses = new ByteArrayOutputStream();
        addresses.writeBytes(src);
        addresses.writeBytes(dst);
        addresses.writeBytes(uint16(sourcePort));
        addresses.writeBytes(uint16(destinationPort));
        addresses.writeBytes(tlvs);
        return v2(V2_PROXY, src.length == 4 ? TCP_OVER_IPV4 : TCP_OVER_IPV6, addresses.toByteArray());
    }

    /** §2.2: the LOCAL command (the proxy's own connection, such as a health check), with no address block. */
    public static byte[] v2Local() {
        return v2(V2_LOCAL, UNSPEC, new byte[0]);
    }

    /** §2.2.7: one TLV vector with a text value. */
    public static byte[] tlv(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream tlv = new ByteArrayOutputStream();
        tlv.write(type);
        tlv.writeBytes(uint16(bytes.length));
        tlv.writeBytes(bytes);
        return tlv.toByteArray();
    }

    /** A version 2 header whose version-and-command byte is {@code versionAndCommand}: for malformed headers. */
    public static byte[] v2(int versionAndCommand, int familyAndTransport, byte[] rest) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(V2_SIGNATURE);
        header.write(versionAndCommand);
        header.write(familyAndTransport);
        header.writeBytes(uint16(rest.length));
        header.writeBytes(rest);
        return header.toByteArray();
    }

    /** {@code bytes} as text, one char per byte, as {@code EmbeddedServer.send} and {@code RawHttp.send} take it. */
    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] uint16(int value) {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    private static byte[] literal(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress(); // a literal: no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
