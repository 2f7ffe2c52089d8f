package dev.h1.server.compression;

import java.util.List;
import java.util.Locale;

/**
 * Picks the content coding of a response from the request's {@code Accept-Encoding} field lines (RFC 9110 §12.5.3):
 * the supported coding with the highest weight, gzip on a tie; none when the client prefers {@code identity} or
 * accepts neither gzip nor deflate. A pure function, channel-free and stateless.
 *
 * <pre>
 * Accept-Encoding: gzip, deflate, br          -&gt; gzip
 * Accept-Encoding: deflate;q=1, gzip;q=0.5    -&gt; deflate
 * Accept-Encoding: *;q=0.1, gzip;q=0          -&gt; deflate (the asterisk stands for every coding not listed)
 * Accept-Encoding: gzip;q=0.5, identity       -&gt; identity
 * (no Accept-Encoding field)                  -&gt; identity
 * </pre>
 */
final class AcceptEncoding {

    /** Weights are kept in thousandths: RFC 9110 §12.4.2 allows at most three decimal places. */
    private static final int ONE = 1000;
    private static final int UNLISTED = -1;

    private AcceptEncoding() {
    }

    /**
     * The coding to apply for a request with these Accept-Encoding field lines.
     *
     * <p>RFC 9110 §12.5.3 lets a request without the field accept any coding, but a client that sends none may not
     * decode one (HTTP/1.0 tools, scripts), so without the field nothing is compressed, as common servers do. An empty
     * field accepts only identity. Malformed elements (a bad weight) are ignored.
     *
     * @param values the field's values, in order; empty when the field is absent
     * @return {@link ContentCoding#GZIP}, {@link ContentCoding#DEFLATE} or {@link ContentCoding#IDENTITY}
     */
    static ContentCoding negotiate(List<String> values) {
        int gzip = UNLISTED;
        int deflate = UNLISTED;
        int identity = UNLISTED;
        int any = UNLISTED;
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                int semicolon = element.indexOf(';');
                String coding = (semicolon < 0 ? element : element.substring(0, semicolon)).strip()
                        .toLowerCase(Locale.ROOT);
                if (coding.isEmpty()) {
                    continue; // RFC 9110 §5.6.1: empty list elements do not count
                }
                int weight = semicolon < 0 ? ONE : weight(element.substring(semicolon + 1));
                if (weight == UNLISTED) {
                    continue;
                }
                switch (coding) {
                    // RFC 9110 §8.4.1.3: a recipient should treat x-gzip as gzip.
                    case "gzip", "x-gzip" -> gzip = Math.max(gzip, weight);
                    case "deflate" -> deflate = Math.max(deflate, weight);
                    case "identity" -> identity = Math.max(identity, weight);
                    case "*" -> any = Math.max(any, weight);
                    default -> {
                        // a coding h1 does not produce (br, zstd, compress): irrelevant to the choice
                    }
                }
            }
        }
        // "*" matches every coding not listed, identity included; q=0 means "not acceptable".
        int gzipWeight = gzip != UNLISTED ? gzip : Math.max(any, 0);
        int deflateWeight = deflate != UNLISTED ? deflate : Math.max(any, 0);
        // Identity not mentioned at all stays acceptable, but below any coding the client listed.
        int identityWeight = identity != UNLISTED ? identity : Math.max(any, 0);
        ContentCoding best = deflateWeight > gzipWeight ? ContentCoding.DEFLATE : ContentCoding.GZIP;
        int bestWeight = Math.max(gzipWeight, deflateWeight);
        if (bestWeight == 0 || identityWeight > bestWeight) {
            return ContentCoding.IDENTITY;
        }
        return best;
    }

    /**
     * The weight in thousandths from the parameters after a coding ({@code OWS "q=" qvalue}, RFC 9110 §12.4.2), or
     * {@link #UNLISTED} when it is malformed. Parameters other than q are ignored.
     */
    private static int weight(String parameters) {
        int weight = ONE;
        for (String parameter : parameters.split(";", -1)) {
            String p = parameter.strip();
            if (p.length() >= 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                weight = qvalue(p.substring(2));
                if (weight == UNLISTED) {
                    return UNLISTED;
                }
            }
        }
        return weight;
    }

    /** {@code qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )}, in thousandths; or {@link #UNLISTED}. */
    private static int qvalue(String text) {
        if (text.isEmpty() || text.length() > 5 || (text.charAt(0) != '0' && text.charAt(0) != '1')) {
            return UNLISTED;
        }
        int whole = text.charAt(0) - '0';
        if (text.length() == 1) {
            return whole * ONE;
        }
        if (text.charAt(1) != '.') {
            return UNLISTED;
        }
        int thousandths = 0;
        int scale = 100;
        for (int i = 2; i < text.length(); i++, scale /= 10) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return UNLISTED;
            }
            thousandths += (c - '0') * scale;
        }
        if (whole == 1 && thousandths != 0) {
            return UNLISTED; // above 1
        }
        return whole * ONE + thousandths;
    }
}
