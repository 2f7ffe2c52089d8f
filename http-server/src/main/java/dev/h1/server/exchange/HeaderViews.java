package dev.h1.server.exchange;

import dev.h1.codec.Headers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Node's views of a header section, made from the ordered, raw {@link Headers}: {@code req.headers} (one merged value
 * per name) and {@code req.headersDistinct} (every value of every name). Names are lower-cased; the maps keep the
 * order in which each name first appeared and are unmodifiable. Pure functions: thread-safe.
 */
final class HeaderViews {

    /**
     * The fields whose repeated lines Node discards after the first (its documented list for
     * {@code message.headers}): a second value of these is an error or an attack, never a list to join.
     */
    private static final Set<String> SINGLE_VALUED = Set.of("age", "authorization", "content-length",
            "content-type", "etag", "expires", "from", "host", "if-modified-since", "if-unmodified-since",
            "last-modified", "location", "max-forwards", "proxy-authorization", "referer", "retry-after", "server",
            "user-agent");

    /** The one field Node keeps as a list: RFC 6265 §3, its values cannot be joined (a cookie may hold a comma). */
    static final String SET_COOKIE = "set-cookie";

    private HeaderViews() {
    }

    /**
     * Node's {@code req.headers}: Cookie lines joined with {@code "; "} (RFC 6265 §5.4), the single-valued fields'
     * first value, every other field's values joined with {@code ", "} (RFC 9110 §5.3). Set-Cookie, which Node keeps
     * as an array, is not in it (see {@link #distinct}).
     */
    static Map<String, String> merged(Headers headers) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i).toLowerCase(Locale.ROOT);
            String value = headers.value(i);
            if (name.equals(SET_COOKIE)) {
                continue;
            }
            String earlier = merged.get(name);
            if (earlier == null) {
                merged.put(name, value);
            } else if (!SINGLE_VALUED.contains(name)) {
                merged.put(name, earlier + (name.equals("cookie") ? "; " : ", ") + value);
            }
        }
        return Collections.unmodifiableMap(merged);
    }

    /** Node's {@code req.headersDistinct}: every value of every name, in received order, with no joining. */
    static Map<String, List<String>> distinct(Headers headers) {
        Map<String, List<String>> distinct = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            distinct.computeIfAbsent(headers.name(i).toLowerCase(Locale.ROOT), name -> new ArrayList<>(1))
                    .add(headers.value(i));
        }
        distinct.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(distinct);
    }
}
