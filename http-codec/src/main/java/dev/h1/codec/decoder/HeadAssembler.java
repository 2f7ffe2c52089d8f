package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.Expectation;
import dev.h1.codec.Framing;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.Leniency;
import dev.h1.codec.ParseError;
import dev.h1.codec.RequestHead;

/**
 * Applies the rules that need the whole head once the header section is complete: Host (RFC 9112 §3.2), framing
 * ({@link BodyFraming}), persistence (RFC 9112 §9.3), expectation (RFC 9110 §10.1.1) and upgrade (RFC 9110 §7.8),
 * and builds the {@link RequestHead}. One instance per decoder, used on its event loop only.
 */
final class HeadAssembler {

    private final DecoderConfig config;
    /**
     * The Host value last found valid on this connection. A client repeats the same Host in every request, which
     * {@link RecentLines} hands over as the same instance: that one is not checked again. Its validity depends on
     * its characters only, and a string never changes. {@code DecoderBenchmark} (http-tests), PLAINTEXT_PIPELINED_16:
     * the Host check was about 4% of h1's samples; without it, h1's thread CPU time per decode against Netty's
     * (medians of 15 interleaved rounds, two runs on a busy 2-CPU machine) went from 0.80 and 0.83 to 0.76 and 0.71.
     */
    private String validHost;

    HeadAssembler(DecoderConfig config) {
        this.config = config;
    }

    /**
     * Checks the head and builds it. {@code marks} are the {@link FieldMarks} of {@code headers}: a field they lack
     * is not looked up.
     */
    RequestHead assemble(String method, String target, HttpVersion version, Headers headers, int marks) {
        checkHost(version, headers, marks);
        BodyFraming framing = BodyFraming.of(version, method, headers, marks, config);
        if (framing instanceof BodyFraming.Invalid invalid) {
            throw ParseFailure.of(invalid.error(), invalid.detail());
        }
        Framing kind;
        long length = -1;
        if (framing instanceof BodyFraming.Fixed fixed) {
            kind = Framing.CONTENT_LENGTH;
            length = fixed.length();
        } else {
            kind = framing == BodyFraming.CHUNKED ? Framing.CHUNKED : Framing.NONE;
        }
        return new RequestHead(method, target, version, headers, kind, length, isKeepAlive(version, headers, marks),
                expectation(version, headers, marks), isUpgrade(version, headers, marks));
    }

    /**
     * RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request message that
     * lacks a Host header field and to any request message that contains more than one Host header field line or a
     * Host header field with an invalid field value."
     */
    private void checkHost(HttpVersion version, Headers headers, int marks) {
        if (FieldMarks.has(marks, FieldMarks.HOST_REPEATED)) {
            throw ParseFailure.of(ParseError.BAD_HOST, "more than one Host field");
        }
        if (!FieldMarks.has(marks, FieldMarks.HOST)) {
            if (version == HttpVersion.HTTP_1_1 && !config.allows(Leniency.MISSING_HOST)) {
                throw ParseFailure.of(ParseError.BAD_HOST, "HTTP/1.1 request without Host");
            }
            return;
        }
        String host = headers.get("Host");
        if (host == validHost) { // the same instance: see validHost
            return;
        }
        if (!HostSyntax.isHostField(host)) {
            throw ParseFailure.of(ParseError.BAD_HOST, "Host is not uri-host[:port]");
        }
        validHost = host;
    }

    /**
     * RFC 9112 §9.3: HTTP/1.1 persists unless the "close" connection option is present; HTTP/1.0 persists only with
     * the "keep-alive" connection option (RFC 9112 §C.2.2) and without "close".
     */
    private static boolean isKeepAlive(HttpVersion version, Headers headers, int marks) {
        if (FieldMarks.hasConnectionOption(headers, marks, FieldMarks.CONNECTION_CLOSE, "close")) {
            return false;
        }
        return version == HttpVersion.HTTP_1_1
                || FieldMarks.hasConnectionOption(headers, marks, FieldMarks.CONNECTION_KEEP_ALIVE, "keep-alive");
    }

    /**
     * RFC 9110 §10.1.1: 100-continue is the only expectation defined; "A server that receives a 100-continue
     * expectation in an HTTP/1.0 request MUST ignore that expectation."
     */
    private static Expectation expectation(HttpVersion version, Headers headers, int marks) {
        if (!FieldMarks.has(marks, FieldMarks.EXPECT) || version == HttpVersion.HTTP_1_0) {
            return Expectation.NONE;
        }
        for (int i = 0; i < headers.size(); i++) {
            if (headers.name(i).equalsIgnoreCase("Expect") && !headers.value(i).equalsIgnoreCase("100-continue")) {
                return Expectation.UNSUPPORTED;
            }
        }
        return Expectation.CONTINUE;
    }

    /**
     * RFC 9110 §7.8: an upgrade request carries Upgrade and the "upgrade" connection option; "A server MUST ignore an
     * Upgrade header field that is received in an HTTP/1.0 request."
     */
    private static boolean isUpgrade(HttpVersion version, Headers headers, int marks) {
        return version == HttpVersion.HTTP_1_1 && FieldMarks.has(marks, FieldMarks.UPGRADE)
                && FieldMarks.hasConnectionOption(headers, marks, FieldMarks.CONNECTION_UPGRADE, "upgrade");
    }
}
