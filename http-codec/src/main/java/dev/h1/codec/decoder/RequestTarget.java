package dev.h1.codec.decoder;

import dev.h1.codec.ParseError;

/**
 * Checks the form of a request-target against its method (RFC 9112 §3.2). The characters were already checked by
 * the scan of the request line ({@link UriChars#skipTarget}); this adds what needs the whole target: the form,
 * the pct-encodings and the authority of an absolute-form target.
 */
final class RequestTarget {

    private RequestTarget() {
    }

    static void check(String method, String target) {
        // RFC 9112 §3.2.4: asterisk-form is only used for a server-wide OPTIONS request.
        if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw ParseFailure.of(ParseError.BAD_TARGET, "asterisk-form is only for OPTIONS");
            }
            return;
        }
        // RFC 9112 §3.2.3: CONNECT takes the authority-form, and only CONNECT does (a non-CONNECT authority-form
        // target has no "/" and no "://", and is rejected as neither origin- nor absolute-form below).
        if (method.equals("CONNECT")) {
            if (!HostSyntax.isAuthorityForm(target)) {
                throw ParseFailure.of(ParseError.BAD_TARGET, "CONNECT needs an authority-form target");
            }
            return;
        }
        checkPctEncodings(target);
        if (target.charAt(0) == '/') {
            return; // RFC 9112 §3.2.1: origin-form
        }
        checkAbsoluteForm(target);
    }

    /**
     * RFC 9112 §3.2.2: absolute-form. h1 accepts it only with an authority ({@code scheme "://" authority ...}), as
     * every http and https URI has one (RFC 9110 §4.2); for those schemes the host must not be empty (RFC 9110 §4.2.1)
     * and userinfo is an error (RFC 9110 §4.2.4).
     */
    private static void checkAbsoluteForm(String target) {
        int colon = schemeEnd(target);
        if (colon < 0 || !target.startsWith("//", colon + 1)) {
            throw ParseFailure.of(ParseError.BAD_TARGET, "request-target is not origin-form or absolute-form");
        }
        int authorityStart = colon + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < target.length() && target.charAt(authorityEnd) != '/'
                && target.charAt(authorityEnd) != '?') {
            authorityEnd++;
        }
        String authority = target.substring(authorityStart, authorityEnd);
        if (authority.indexOf('@') >= 0) {
            throw ParseFailure.of(ParseError.BAD_TARGET, "userinfo in the request-target");
        }
        if (authority.isEmpty() || !HostSyntax.isHostField(authority)) {
            throw ParseFailure.of(ParseError.BAD_TARGET, "bad authority in the absolute-form request-target");
        }
    }

    /** RFC 3986 §3.1: {@code scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}; the index of its ":" or -1. */
    private static int schemeEnd(String target) {
        char first = target.charAt(0);
        if (!((first | 0x20) >= 'a' && (first | 0x20) <= 'z')) {
            return -1;
        }
        for (int i = 1; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == ':') {
                return i;
            }
            boolean schemeChar = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '-' || c == '.';
            if (!schemeChar) {
                return -1;
            }
        }
        return -1;
    }

    /** RFC 3986 §2.1: every "%" starts {@code "%" HEXDIG HEXDIG}. */
    private static void checkPctEncodings(String target) {
        for (int i = target.indexOf('%'); i >= 0; i = target.indexOf('%', i + 1)) {
            if (!HostSyntax.isPctEncoded(target, i)) {
                throw ParseFailure.of(ParseError.BAD_TARGET, "bad pct-encoding in the request-target");
            }
        }
    }
}
