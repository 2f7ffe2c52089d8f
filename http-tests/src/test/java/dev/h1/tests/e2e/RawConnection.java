package dev.h1.tests.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
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
 * A client over a plain loopback socket, for what well-behaved clients never do: several requests in one write,
 * malformed or half-written requests, reading the exact framing of a response (chunk sizes, trailers, 1xx). Every read
 * is bounded by a {@value #TIMEOUT_MILLIS} ms socket timeout; a test never waits longer on a silent server.
 */
public final class RawConnection implements AutoCloseable {

    public static final int TIMEOUT_MILLIS = 5_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawConnection(Socket socket, InputStream socketIn) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socketIn, 64 * 1024);
        this.out = socket.getOutputStream();
    }

    public static RawConnection open(InetSocketAddress address) throws IOException {
        return open(address, 0, 0);
    }

    /**
     * A slow or small client: {@code receiveBufferBytes} (if not 0) is set before connecting, which fixes the
     * kernel's receive window instead of letting it grow, and reads from the socket are paced to
     * {@code readBytesPerSecond} (if not 0) by {@link PacedInputStream}.
     */
    public static RawConnection open(InetSocketAddress address, int receiveBufferBytes, long readBytesPerSecond)
            throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(address, TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        InputStream socketIn = socket.getInputStream();
        return new RawConnection(socket,
                readBytesPerSecond > 0 ? new PacedInputStream(socketIn, readBytesPerSecond) : socketIn);
    }

    /** Waits up to {@code millis} for each read from now on, instead of {@value #TIMEOUT_MILLIS}. */
    public RawConnection readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return this;
    }

    /** Sends {@code text} as ISO-8859-1 (one byte per char, as on the wire) in one write. */
    public RawConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads the next response, a 1xx included, with a body unless the status has none. */
    public RawResponse read() throws IOException {
        return read(false);
    }

    /** Reads the next response to a HEAD request: no body, whatever its head announces (RFC 9110 §9.3.2). */
    public RawResponse readHead() throws IOException {
        return read(true);
    }

    /**
     * Reads 1xx responses until a final one, which is returned with the 1xx responses in {@link RawResponse#interim}.
     */
    public RawResponse readFinal() throws IOException {
        List<RawResponse> interim = new ArrayList<>();
        RawResponse response = read();
        while (response.status() < 200) {
            interim.add(response);
            response = read();
        }
        return new RawResponse(response.statusLine(), response.headers(), response.body(), response.chunkSizes(),
                response.trailers(), List.copyOf(interim));
    }

    private RawResponse read(boolean bodyless) throws IOException {
        String statusLine = line();
        List<Map.Entry<String, String>> headers = fields();
        RawResponse head = new RawResponse(statusLine, headers, new byte[0], List.of(), List.of(), List.of());
        int status = head.status();
        if (bodyless || status < 200 || status == 204 || status == 304) {
            return head;
        }
        if (head.isChunked()) {
            return chunked(head);
        }
        byte[] body;
        String length = head.header("Content-Length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
            if (body.length != Integer.parseInt(length)) {
                throw new EOFException("body ends after " + body.length + " of " + length + " bytes: " + head);
            }
        } else {
            body = in.readAllBytes(); // delimited by the close (RFC 9112 §6.3(8))
        }
        return new RawResponse(statusLine, headers, body, List.of(), List.of(), List.of());
    }

    private RawResponse chunked(RawResponse head) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<Integer> sizes = new ArrayList<>();
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("chunk ends after " + chunk.length + " of " + size + " bytes");
            }
            body.writeBytes(chunk);
            sizes.add(size);
            if (!line().isEmpty()) {
                throw new IOException("chunk data not followed by CRLF");
            }
        }
        return new RawResponse(head.statusLine(), head.headers(), body.toByteArray(), List.copyOf(sizes), fields(),
                List.of());
    }

    private int chunkSize() throws IOException {
        String line = line();
        int semicolon = line.indexOf(';');
        return Integer.parseInt(semicolon < 0 ? line : line.substring(0, semicolon), 16);
    }

    /** Field lines up to the empty line that ends the section. */
    private List<Map.Entry<String, String>> fields() throws IOException {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (String field = line(); !field.isEmpty(); field = line()) {
            int colon = field.indexOf(':');
            if (colon <= 0) {
                throw new IOException("not a field line: " + field);
            }
            fields.add(Map.entry(field.substring(0, colon), field.substring(colon + 1).trim()));
        }
        return List.copyOf(fields);
    }

    /** One CRLF-terminated line without its CRLF, as ISO-8859-1. */
    public String line() throws IOException {
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

    /** One LF-terminated line without its LF (for the protocol after an upgrade). */
    public String lfLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed after \"" + line + "\"");
            }
            line.append((char) b);
        }
        return line.toString();
    }

    /**
     * Waits (bounded by the socket timeout) for the server to close: returns "EOF" or "reset". Fails if bytes arrive
     * instead, or if the connection stays open.
     */
    public String awaitClose() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                byte[] more = in.readNBytes(Math.min(in.available(), 200));
                throw new AssertionError("expected the server to close, but it sent: "
                        + (char) b + new String(more, StandardCharsets.ISO_8859_1));
            }
            return "EOF";
        } catch (SocketTimeoutException open) {
            throw new AssertionError("the server did not close the connection within " + TIMEOUT_MILLIS + " ms");
        } catch (SocketException reset) {
            return "reset";
        }
    }

    /** The socket, to adjust its options (a small {@code SO_SNDBUF} for a client the server holds back). */
    public Socket socket() {
        return socket;
    }

    public InputStream input() {
        return in;
    }

    public OutputStream output() {
        return out;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    /** Half-closes: the server reads EOF, this side can still read. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Closes with a reset (SO_LINGER 0) instead of a FIN: the server's next write fails at once. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
