package dev.h1.server.exchange;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a request-target into path and query, and decodes query parameters as
 * {@code application/x-www-form-urlencoded} does: {@code &}-separated pairs, {@code +} as space, percent-escapes as
 * UTF-8 bytes. A malformed escape is kept as written; nothing here throws on client input.
 */
final class QueryString {

    private QueryString() {
    }

    /** The path of a target: origin-form before "?"; absolute-form after its authority ("/" if empty); else as is. */
    static String path(String target) {
        int query = target.indexOf('?');
        String beforeQuery = query < 0 ? target : target.substring(0, query);
        if (beforeQuery.startsWith("/") || beforeQuery.equals("*")) {
            return beforeQuery;
        }
        int scheme = beforeQuery.indexOf("://");
        if (scheme < 0) {
            return beforeQuery; // authority-form (CONNECT)
        }
        int slash = beforeQuery.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : beforeQuery.substring(slash);
    }

    /** The raw query after the first "?", or {@code null}. */
    static String rawQuery(String target) {
        int query = target.indexOf('?');
        return query < 0 ? null : target.substring(query + 1);
    }

    static Map<String, List<String>> parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
        }
        parameters.replaceAll((name, values) -> Collections.unmodifiableList(values));
        return Collections.unmodifiableMap(parameters);
    }

    static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0
                    && hex(text.charAt(i + 2)) >= 0) {
                bytes.write(hex(text.charAt(i + 1)) << 4 | hex(text.charAt(i + 2)));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }
}
