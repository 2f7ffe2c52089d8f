package dev.h1.server;

import dev.h1.codec.RequestHead;
import dev.h1.server.api.ExchangeListener;
import dev.h1.server.api.ExchangeRecord;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An access log: one line per exchange in the Common or Combined Log Format, the format of Apache's and nginx's
 * access logs that log analysers read. Off unless configured:
 *
 * <pre>
 * ConnectionConfig.builder().exchangeListener(AccessLog.toSystemLogger(AccessLog.Format.COMBINED)).build()
 * </pre>
 *
 * <p>A line: {@code 127.0.0.1 - - [05/Dec/2026:15:40:12 +0000] "GET /plaintext HTTP/1.1" 200 13} and, combined,
 * {@code "referer" "user-agent"}. The status is {@code -} when the connection closed before a response head was
 * written, the size (the response body bytes) {@code -} when there were none. What came from the client (the request
 * line, the referer and user agent) is written with {@code "} and {@code \} escaped and every byte outside printable
 * ASCII as {@code \xhh}, so that a client cannot forge or break lines of the log.
 *
 * <p>Runs on the event loops, as every {@link ExchangeListener}: the sink must not block for long. The system logger's
 * default backend (java.util.logging to the console) is fine for a demo; a production service points its
 * {@link System.Logger} at an asynchronous appender.
 */
public final class AccessLog implements ExchangeListener {

    /** Which of the two standard line formats to write. */
    public enum Format {
        /** {@code host ident authuser [time] "request" status bytes}. */
        COMMON,
        /** Common, then {@code "referer" "user-agent"}. */
        COMBINED
    }

    /** The name of the {@link System.Logger} {@link #toSystemLogger} writes to, at {@code INFO}. */
    public static final String LOGGER_NAME = "dev.h1.access";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Format format;
    private final DateTimeFormatter time;
    private final Consumer<String> sink;

    /**
     * @param format the line format
     * @param zone   the time zone of the timestamps (Apache writes local time: {@link ZoneId#systemDefault()})
     * @param sink   takes each line, without a line terminator
     */
    public AccessLog(Format format, ZoneId zone, Consumer<String> sink) {
        this.format = Objects.requireNonNull(format, "format");
        this.time = TIME.withZone(Objects.requireNonNull(zone, "zone"));
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * An access log in {@code format}, local time, written at {@code INFO} to the system logger {@value #LOGGER_NAME}.
     */
    public static AccessLog toSystemLogger(Format format) {
        System.Logger logger = System.getLogger(LOGGER_NAME);
        return new AccessLog(format, ZoneId.systemDefault(), line -> logger.log(System.Logger.Level.INFO, line));
    }

    @Override
    public void onExchange(ExchangeRecord exchange) {
        sink.accept(line(exchange));
    }

    /** The log line for {@code exchange}. */
    public String line(ExchangeRecord exchange) {
        RequestHead request = exchange.request();
        StringBuilder line = new StringBuilder(128);
        line.append(host(exchange.remoteAddress())).append(" - - [");
        time.formatTo(exchange.start(), line);
        line.append("] \"");
        escape(request.method(), line);
        line.append(' ');
        escape(request.target(), line);
        line.append(' ').append(request.version().text()).append("\" ");
        if (exchange.status() == 0) {
            line.append('-');
        } else {
            line.append(exchange.status());
        }
        line.append(' ');
        if (exchange.responseBodyBytes() == 0) {
            line.append('-');
        } else {
            line.append(exchange.responseBodyBytes());
        }
        if (format == Format.COMBINED) {
            quoted(request.headers().get("Referer"), line);
            quoted(request.headers().get("User-Agent"), line);
        }
        return line.toString();
    }

    private static String host(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return address == null ? "-" : address.toString();
    }

    private static void quoted(String value, StringBuilder line) {
        line.append(" \"");
        if (value == null) {
            line.append('-');
        } else {
            escape(value, line);
        }
        line.append('"');
    }

    /** Appends {@code text} with quote and backslash escaped and everything outside printable ASCII as {@code \xhh}. */
    private static void escape(String text, StringBuilder line) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                // Decoded field text is ISO-8859-1: every char is one byte of the request (RFC 9110 §5.5 obs-text).
                line.append("\\x").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            } else {
                line.append(c);
            }
        }
    }
}
