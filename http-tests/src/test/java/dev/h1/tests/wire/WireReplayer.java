package dev.h1.tests.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * Sends one input to the server over a fresh loopback connection and records everything that comes back until the
 * server closes. Bounded: every read waits at most {@value #TIMEOUT_MILLIS} ms.
 */
final class WireReplayer {

    static final int TIMEOUT_MILLIS = 5_000;

    /** How the input is handed to the socket. */
    enum Feed {
        /** One write of the whole input. */
        WHOLE,
        /** One write (and, with TCP_NODELAY, one segment) per byte. The server may still read several at once. */
        BYTE_BY_BYTE
    }

    private WireReplayer() {
    }

    /**
     * Writes {@code input} as {@code feed} says, stopping at the first failed write (the server closed); half-closes
     * when {@code halfClose}; then reads until the server closes.
     */
    static Transcript replay(InetSocketAddress server, byte[] input, Feed feed, boolean halfClose)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(server, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            String writeFailure = write(socket.getOutputStream(), input, feed);
            if (halfClose && writeFailure == null) {
                try {
                    socket.shutdownOutput();
                } catch (IOException e) {
                    writeFailure = "half-close failed: " + e;
                }
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            String end = readToClose(socket.getInputStream(), received);
            return new Transcript(received.toByteArray(), end, writeFailure);
        }
    }

    private static String write(OutputStream out, byte[] input, Feed feed) {
        int written = 0;
        try {
            if (feed == Feed.WHOLE) {
                out.write(input);
                out.flush();
                written = input.length;
            } else {
                for (byte b : input) {
                    out.write(b);
                    out.flush();
                    written++;
                }
            }
            return null;
        } catch (IOException e) {
            return e.getMessage() + " after " + written + " of " + input.length + " bytes";
        }
    }

    private static String readToClose(InputStream in, ByteArrayOutputStream received) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
            }
            return "EOF";
        } catch (SocketTimeoutException e) {
            return "still open after " + TIMEOUT_MILLIS + " ms without a byte";
        } catch (SocketException e) {
            return "reset";
        } catch (IOException e) {
            return "read failed: " + e;
        }
    }
}
