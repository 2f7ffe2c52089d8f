package dev.h1.server.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A raw HTTP/1.1 client over a loopback socket, for tests that must send bytes no well-behaved client would send
 * ({@code ..} in a target) or look at the exact framing of a response. Every read is bounded by a 5 s socket timeout.
 */
public final class RawHttp implements Closeable {

    private static final int TIMEOUT_MILLIS = 5_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawHttp connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        return new RawHttp(socket);
    }

    /** Connects, sends {@code request}, reads one response and closes. */
    public static Response exchange(InetSocketAddress address, String request) throws IOException {
        try (RawHttp client = connect(address)) {
            client.send(request);
            return client.read();
        }
    }

    /** Sends {@code text} as ISO-8859-1 bytes (one byte per char, as on the wire). */
    public RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads one response; the body is framed by Content-Length, chunked coding, or the end of the connection. */
    public Response read() throws IOException {
        return read(false);
    }

    /** Reads one response to a HEAD request: never a body, whatever the head says (RFC 9110 §9.3.2). */
    public Response readHead() throws IOException {
        return read(true);
    }

    private Response read(boolean bodyless) throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String field = line(); !field.isEmpty(); field = line()) {
            int colon = field.indexOf(':');
            headers.add(Map.entry(field.substring(0, colon), field.substring(colon + 1).trim()));
        }
        Response head = new Response(statusLine, status, headers, new byte[0]);
        if (bodyless || status < 200 || status == 204 || status == 304) {
            return head;
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
            body = chunkedBody();
        } else if (head.header("Content-Length") != null) {
            body = in.readNBytes(Integer.parseInt(head.header("Content-Length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(statusLine, status, headers, body);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
            body.write(in.readNBytes(size));
            if (!line().isEmpty()) {
                throw new IOException("chunk data not followed by CRLF");
            }
        }
        String trailer;
        do {
            trailer = line(); // the trailer section, up to its empty line
        } while (!trailer.isEmpty());
        return body.toByteArray();
    }

    private int chunkSize() throws IOException {
        String line = line();
        int semicolon = line.indexOf(';');
        return Integer.parseInt(semicolon < 0 ? line : line.substring(0, semicolon), 16);
    }

    /** One CRLF-terminated line, without the CRLF, as ISO-8859-1. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed after \"" + line + "\"");
            }
            line.append((char) b);
        }
        if (line.length() == 0 || line.charAt(line.length() - 1) != '\r') {
            throw new IOException("line without CR: " + line);
        }
        return line.substring(0, line.length() - 1);
    }

    /**
     * Whether the server closed the connection (end of stream or reset) within the timeout, with nothing more sent.
     * False when more bytes arrived; a {@link SocketTimeoutException} when the connection stayed open.
     */
    public boolean awaitClosed() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A response as read: header fields in received order, the body without its transfer coding. */
    public record Response(String statusLine, int status, List<Map.Entry<String, String>> headers, byte[] body) {

        /** The first value of {@code name} (any case), or {@code null}. */
        public String header(String name) {
            for (Map.Entry<String, String> field : headers) {
                if (field.getKey().equalsIgnoreCase(name)) {
                    return field.getValue();
                }
            }
            return null;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return statusLine + " " + headers + " " + text();
        }
    }
}
