package dev.h1.codec.decoder;

/**
 * The syntax of {@code uri-host [ ":" port ]} (RFC 3986 §3.2.2–3.2.3), used for the Host field (RFC 9112 §3.2), the
 * authority-form of CONNECT (RFC 9112 §3.2.3) and the authority of an absolute-form target. Pure functions on text.
 */
final class HostSyntax {

    private HostSyntax() {
    }

    /**
     * Whether {@code value} is {@code uri-host [ ":" port ]}. An empty value is allowed: RFC 9112 §3.2 has a client
     * send an empty Host when the target URI has no authority.
     */
    static boolean isHostField(String value) {
        return isHostAndPort(value, false);
    }

    /** Whether {@code value} is {@code uri-host ":" port} with a non-empty host and port (RFC 9112 §3.2.3). */
    static boolean isAuthorityForm(String value) {
        return isHostAndPort(value, true);
    }

    private static boolean isHostAndPort(String value, boolean requirePort) {
        int hostEnd;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || !isIpLiteral(value, 1, close)) {
                return false;
            }
            hostEnd = close + 1;
        } else {
            int colon = value.indexOf(':');
            hostEnd = colon < 0 ? value.length() : colon;
            if (!isRegName(value, 0, hostEnd)) {
                return false;
            }
        }
        if (requirePort && hostEnd == 0) {
            return false;
        }
        if (hostEnd == value.length()) {
            return !requirePort;
        }
        if (value.charAt(hostEnd) != ':') {
            return false;
        }
        // RFC 3986 §3.2.3: port = *DIGIT
        int digits = 0;
        for (int i = hostEnd + 1; i < value.length(); i++, digits++) {
            if (!UriChars.isDigit(value.charAt(i))) {
                return false;
            }
        }
        return digits > 0 || !requirePort;
    }

    /** RFC 3986 §3.2.2: {@code reg-name = *( unreserved / pct-encoded / sub-delims )}; it also covers IPv4address. */
    private static boolean isRegName(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (!isPctEncoded(value, i)) {
                    return false;
                }
                i += 2;
            } else if (!UriChars.isRegName(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 3986 §3.2.2: {@code IP-literal = "[" ( IPv6address / IPvFuture ) "]"}, with
     * {@code IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )}.
     */
    private static boolean isIpLiteral(String value, int from, int to) {
        if (from >= to) {
            return false;
        }
        if ((value.charAt(from) | 0x20) != 'v') {
            return isIpv6(value, from, to);
        }
        int dot = value.indexOf('.', from);
        if (dot < 0 || dot >= to - 1 || dot == from + 1) {
            return false;
        }
        for (int i = from + 1; i < dot; i++) {
            if (!UriChars.isHexdig(value.charAt(i))) {
                return false;
            }
        }
        for (int i = dot + 1; i < to; i++) {
            char c = value.charAt(i);
            if (c != ':' && !UriChars.isRegName(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 3986 §3.2.2 {@code IPv6address}: eight 16-bit pieces ({@code h16 = 1*4HEXDIG}) separated by ":", where the
     * last two may be an IPv4address and one run of zero pieces may be written "::".
     */
    static boolean isIpv6(String value, int from, int to) {
        int pieces = 0;
        boolean elided = false;
        int i = from;
        if (value.startsWith("::", i)) {
            elided = true;
            i += 2;
            if (i == to) {
                return true;
            }
        } else if (i < to && value.charAt(i) == ':') {
            return false;
        }
        while (i < to) {
            int end = i;
            while (end < to && value.charAt(end) != ':') {
                end++;
            }
            if (end == to && value.indexOf('.', i) >= 0 && value.indexOf('.', i) < to) {
                if (!isIpv4(value, i, to)) {
                    return false;
                }
                pieces += 2;
                break;
            }
            if (end - i < 1 || end - i > 4) {
                return false;
            }
            for (int k = i; k < end; k++) {
                if (!UriChars.isHexdig(value.charAt(k))) {
                    return false;
                }
            }
            pieces++;
            if (end == to) {
                break;
            }
            if (value.startsWith("::", end)) {
                if (elided) {
                    return false;
                }
                elided = true;
                i = end + 2;
                if (i == to) {
                    break;
                }
            } else {
                i = end + 1;
                if (i == to) {
                    return false; // a trailing single colon
                }
            }
        }
        return elided ? pieces <= 7 : pieces == 8;
    }

    /** RFC 3986 §3.2.2: {@code IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet}. */
    private static boolean isIpv4(String value, int from, int to) {
        int octets = 0;
        int i = from;
        while (true) {
            int end = i;
            while (end < to && value.charAt(end) != '.') {
                end++;
            }
            int length = end - i;
            if (length < 1 || length > 3 || (length > 1 && value.charAt(i) == '0')) {
                return false;
            }
            int octet = 0;
            for (int k = i; k < end; k++) {
                char c = value.charAt(k);
                if (c < '0' || c > '9') {
                    return false;
                }
                octet = octet * 10 + (c - '0');
            }
            if (octet > 255) {
                return false;
            }
            octets++;
            if (end == to) {
                return octets == 4;
            }
            i = end + 1;
        }
    }

    /** RFC 3986 §2.1: {@code pct-encoded = "%" HEXDIG HEXDIG}, starting at {@code index}. */
    static boolean isPctEncoded(CharSequence text, int index) {
        return index + 2 < text.length()
                && UriChars.isHexdig(text.charAt(index + 1))
                && UriChars.isHexdig(text.charAt(index + 2));
    }
}
