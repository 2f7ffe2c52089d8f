package dev.h1.tests.differential;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documented ways in which h1 and Netty read an input differently. {@link #classify} gives the first class whose
 * rule matches a comparison; a difference that no class matches is a new kind of divergence, and fails the
 * differential test until it is understood and added here and to docs/RELIABILITY.md (one row per constant).
 *
 * <p>Each class is decided at the first request where the two readings part ({@link Comparison#firstDifference()}).
 * Classes of kind {@link Kind#NETTY_REJECTS} (h1 accepts what Netty rejects) carry the reason h1 accepts.
 */
enum Divergence {

    // ---- h1 stops reading HTTP where Netty goes on ----

    AFTER_CLOSE(Kind.SCOPE, "h1 reads nothing after a request that closes the connection; Netty parses on",
            "RFC 9112 §9.6: a server that sends close SHOULD NOT process further requests (h1 drops the bytes)",
            c -> c.h1().end() == Parse.End.CLOSED && c.firstDifference() == c.h1().requests().size()),
    AFTER_TUNNEL(Kind.SCOPE, "h1 passes the bytes after CONNECT or an upgrade through; Netty parses them as HTTP",
            "RFC 9110 §9.3.6 (CONNECT makes a tunnel), §7.8 (Upgrade); Netty's request decoder leaves both to other"
                    + " handlers",
            c -> c.h1().end() == Parse.End.TUNNEL && c.firstDifference() == c.h1().requests().size()),

    // ---- Netty rejects what h1 accepts ----

    REPEATED_IDENTICAL_CONTENT_LENGTH(Kind.NETTY_REJECTS,
            "Netty rejects a Content-Length repeated with the same value; h1 accepts it (policy, may change)",
            "RFC 9110 §8.6 lets a recipient accept a list of identical values as one (h1's current default);"
                    + " rejecting them is also allowed. When h1 rejects them too, these cases read alike",
            c -> nettyRejectsAtDifference(c) && identicalContentLengths(c.netty().detail())),
    TRANSFER_ENCODING_IN_HTTP_1_2_TO_1_9(Kind.NETTY_REJECTS, "Netty rejects Transfer-Encoding in HTTP/1.2 to"
            + " HTTP/1.9 as if the version were older than 1.1; h1 processes these versions as HTTP/1.1",
            "RFC 9112 §2.3: a recipient processes a higher minor version as the highest it supports (1.1), where"
                    + " chunked is defined; §6.1 forbids Transfer-Encoding only below 1.1",
            c -> nettyRejectsAtDifference(c) && c.netty().detail().startsWith("TransferEncodingNotAllowedException")
                    && hasMinorVersionAbove1(c.input())),

    // ---- h1 rejects what Netty accepts (or had not rejected when the input ended) ----

    H1_DECIDES_EARLIER(Kind.H1_REJECTS,
            "h1 rejects at the offending byte; Netty had not decided when the (truncated) input ended",
            "h1 validates each byte as it arrives (docs/DECODER.md); Netty judges a line, or the header section,"
                    + " once it is complete",
            c -> h1RejectsAtDifference(c) && !c.nettyCompletesDifference()
                    && (c.netty().end() == Parse.End.INCOMPLETE || c.netty().end() == Parse.End.ACCEPTED)),
    MISSING_OR_BAD_HOST(Kind.H1_REJECTS, "h1 rejects an HTTP/1.1 request without exactly one valid Host; Netty"
            + " leaves Host to the application", "RFC 9112 §3.2: a server MUST answer 400",
            c -> h1RejectsWith(c, "BAD_HOST")),
    OBS_FOLD(Kind.H1_REJECTS, "h1 rejects obs-fold (a field line starting with SP/HTAB); Netty unfolds it",
            "RFC 9112 §5.2 lets a server reject it; folding hides fields from other parsers (smuggling)",
            c -> h1RejectsWith(c, "OBSOLETE_LINE_FOLDING")),
    TARGET_SYNTAX(Kind.H1_REJECTS, "h1 rejects a request-target outside RFC 3986 or of the wrong form; Netty takes"
            + " any non-whitespace", "RFC 9112 §3.2 (forms, no fragment), RFC 3986 §2 (characters), RFC 9110 §4.2.4"
            + " (no userinfo)", c -> h1RejectsWith(c, "BAD_TARGET")),
    REQUEST_LINE_WHITESPACE(Kind.H1_REJECTS, "h1 rejects a request line with other whitespace than one SP between"
            + " its parts (leading SP, two SP, HTAB); Netty splits on any run of whitespace",
            "RFC 9112 §3: method SP request-target SP HTTP-version; §3 allows lenient parsing, h1 does not (it"
                    + " makes other parsers disagree on the target)",
            c -> h1RejectsWith(c, "BAD_REQUEST_LINE", "BAD_METHOD")),
    VERSION(Kind.H1_REJECTS, "h1 rejects an HTTP-version other than HTTP/1.x, or not written exactly"
            + " \"HTTP/\" DIGIT \".\" DIGIT; Netty accepts other versions and names (HTTP/2.0, lower case, RTSP)",
            "RFC 9112 §2.3 (HTTP-name is case-sensitive, one digit each), RFC 9110 §15.6.6 (505 for another major)",
            c -> h1RejectsWith(c, "BAD_VERSION", "VERSION_NOT_SUPPORTED")),
    BARE_CR_OR_LF(Kind.H1_REJECTS, "h1 rejects a bare CR or LF anywhere in the head or chunk framing; Netty"
            + " skips a bare LF before the request line",
            "RFC 9112 §2.2 lets a recipient accept a bare LF; h1 requires CRLF everywhere, since accepting it in some"
                    + " places and not others enables smuggling",
            c -> h1RejectsWith(c, "BAD_LINE_ENDING")),
    CONTENT_LENGTH_VALUES(Kind.H1_REJECTS, "h1 rejects differing Content-Length values (and any repeated one,"
            + " if its policy says so) in every version; Netty checks them only in HTTP/1.1 and takes the first in"
            + " HTTP/1.0", "RFC 9112 §6.3(5): differing values are an unrecoverable error; §6.3 applies to every"
            + " HTTP/1.x message", c -> h1RejectsWith(c, "BAD_CONTENT_LENGTH")),
    TRANSFER_CODING(Kind.H1_REJECTS, "h1 rejects any transfer coding but a single final chunked (501 for gzip,"
            + " deflate, ...); Netty decodes the chunked framing and leaves the other codings to the application",
            "RFC 9112 §6.1: a server that receives a transfer coding it does not understand SHOULD answer 501; h1"
                    + " decodes only chunked",
            c -> h1RejectsWith(c, "UNSUPPORTED_TRANSFER_CODING", "BAD_TRANSFER_ENCODING")),
    CHUNK_SYNTAX(Kind.H1_REJECTS, "h1 rejects a chunk-size line outside the grammar (e.g. \";\" without an"
            + " extension name); Netty accepts it", "RFC 9112 §7.1, §7.1.1: chunk-ext = *( BWS \";\" BWS"
            + " chunk-ext-name [ BWS \"=\" BWS chunk-ext-val ] )", c -> h1RejectsWith(c, "BAD_CHUNK")),

    // ---- both accept the request, but read different requests ----

    CONNECT_BODY(Kind.BOUNDARY, "Netty reads (or awaits, or fails on) a declared body after CONNECT; h1 reads"
            + " none, and tunnels those bytes",
            "RFC 9110 §9.3.6: CONNECT content has no defined semantics, and after a 2xx the connection is a"
                    + " tunnel; h1's framing for CONNECT is always \"no body\" (docs/CONFORMANCE.md)",
            c -> h1ReadsNoBodyWhereNettyReadsOne(c) && h1Request(c).method().equals("CONNECT")),
    WEBSOCKET_DRAFT76_BODY(Kind.BOUNDARY, "Netty reads (or awaits) 8 body bytes after a draft-76 WebSocket"
            + " handshake (Sec-WebSocket-Key1); h1 reads no body (and passes them through after the upgrade)",
            "RFC 9112 §6.3(7): without Content-Length or Transfer-Encoding a request has no body; draft-76 (2010) is"
                    + " obsolete (RFC 6455)",
            c -> h1ReadsNoBodyWhereNettyReadsOne(c)
                    && c.input().toLowerCase(Locale.ROOT).contains("sec-websocket-key1")),
    MINOR_VERSION_AS_1_1(Kind.BOUNDARY, "h1 reports HTTP/1.2 to HTTP/1.9 as HTTP/1.1; Netty keeps the minor version",
            "RFC 9112 §2.3: a server processes a higher minor version as the highest it supports",
            c -> c.bothCompleteDifferently() && sameButVersion(c)),

    // ---- the same requests, a different end ----

    EOF_BEFORE_HEAD(Kind.EOF, "the input ends inside a request line: h1 reports TRUNCATED_MESSAGE, Netty drops it"
            + " silently", "RFC 9112 §8: an incomplete message; h1 reports it so that the server can answer 400",
            c -> c.h1().requests().equals(c.netty().requests()) && c.h1().end() == Parse.End.INCOMPLETE
                    && c.netty().end() == Parse.End.ACCEPTED);

    /** Who rejects what, or which other difference. */
    enum Kind {
        /** h1 rejects, Netty accepts (or has not rejected by the end of the input). h1 is stricter by design. */
        H1_REJECTS,
        /** Netty rejects, h1 accepts: each has a written reason. */
        NETTY_REJECTS,
        /** Both accept the request, but read different requests (boundary, body or a field of the request line). */
        BOUNDARY,
        /** The same requests, but the input's end is reported differently. */
        EOF,
        /** h1 stops reading HTTP (by design), Netty goes on. */
        SCOPE
    }

    /** Netty's messages for several Content-Length values: in several fields (HTTP/1.1), or as a list in one. */
    private static final Pattern MINOR_VERSION_ABOVE_1 = Pattern.compile(" HTTP/1\\.[2-9]\r\n");
    private static final Pattern CONTENT_LENGTHS = Pattern.compile(
            "Multiple Content-Length values found: \\[(.*)]|Content-Length value is not a number: (.*)");

    private final Kind kind;
    private final String summary;
    private final String reason;
    private final Predicate<Comparison> rule;

    Divergence(Kind kind, String summary, String reason, Predicate<Comparison> rule) {
        this.kind = kind;
        this.summary = summary;
        this.reason = reason;
        this.rule = rule;
    }

    Kind kind() {
        return kind;
    }

    String summary() {
        return summary;
    }

    String reason() {
        return reason;
    }

    /** The first class whose rule matches, or null for a new kind of divergence. */
    static Divergence classify(Comparison comparison) {
        for (Divergence divergence : values()) {
            if (divergence.rule.test(comparison)) {
                return divergence;
            }
        }
        return null;
    }

    /** h1 rejected at the first difference, with one of these errors, and Netty completed that request. */
    private static boolean h1RejectsWith(Comparison c, String... errors) {
        return h1RejectsAtDifference(c) && c.nettyCompletesDifference() && Set.of(errors).contains(c.h1Error());
    }

    private static boolean h1RejectsAtDifference(Comparison c) {
        return c.h1FailsAtDifference(Parse.End.REJECTED);
    }

    /** Netty rejected at the first difference, where h1 completed the request or was still reading it. */
    private static boolean nettyRejectsAtDifference(Comparison c) {
        return c.nettyFailsAtDifference(Parse.End.REJECTED)
                && (c.h1CompletesDifference() || c.h1().end() != Parse.End.REJECTED);
    }

    /** Netty's rejection names two or more Content-Length values, all the same number. */
    private static boolean identicalContentLengths(String nettyDetail) {
        Matcher matcher = CONTENT_LENGTHS.matcher(nettyDetail);
        if (!matcher.find()) {
            return false;
        }
        List<String> values = List.of((matcher.group(1) != null ? matcher.group(1) : matcher.group(2)).split(","));
        return values.size() > 1 && values.stream().map(String::strip).distinct().count() == 1
                && values.get(0).strip().matches("[0-9]+");
    }

    /** The request h1 completed at the first difference. */
    private static Parse.Message h1Request(Comparison c) {
        return c.h1().requests().get(c.firstDifference());
    }

    /**
     * h1 completed the request at the first difference without a body, where Netty read (or was still reading, or
     * failed in) a body for it.
     */
    private static boolean h1ReadsNoBodyWhereNettyReadsOne(Comparison c) {
        return c.h1CompletesDifference() && h1Request(c).body().isEmpty()
                && (!c.nettyCompletesDifference() || !c.netty().requests().get(c.firstDifference()).body().isEmpty());
    }

    private static boolean hasMinorVersionAbove1(String input) {
        return MINOR_VERSION_ABOVE_1.matcher(input).find();
    }

    private static boolean sameButVersion(Comparison c) {
        Parse.Message h1 = c.h1().requests().get(c.firstDifference());
        Parse.Message netty = c.netty().requests().get(c.firstDifference());
        return h1.method().equals(netty.method()) && h1.target().equals(netty.target())
                && h1.body().equals(netty.body()) && h1.version().equals("HTTP/1.1")
                && netty.version().matches("HTTP/1\\.[2-9]");
    }

    @Override
    public String toString() {
        return name() + " (" + kind + "): " + summary;
    }
}
