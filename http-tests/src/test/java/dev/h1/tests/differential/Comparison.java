package dev.h1.tests.differential;

import java.util.List;

/**
 * h1's and Netty's readings of one input, and where they part: the first request at which they differ.
 *
 * @param input the input, as ISO-8859-1 text
 */
record Comparison(String input, Parse h1, Parse netty) {

    /**
     * Whether both read the input alike: the same requests and the same end. Where h1 stops parsing HTTP (after a
     * request that closes the connection, or after CONNECT or an upgrade), Netty must agree up to there and may read
     * no further requests.
     */
    boolean agrees() {
        if (h1.end() == Parse.End.CLOSED || h1.end() == Parse.End.TUNNEL) {
            return h1.requests().equals(netty.requests()) && netty.end() == Parse.End.ACCEPTED;
        }
        return h1.requests().equals(netty.requests()) && h1.end() == netty.end();
    }

    /** The index of the first request that is not the same in both (possibly one past the end of either list). */
    int firstDifference() {
        List<Parse.Message> a = h1.requests();
        List<Parse.Message> b = netty.requests();
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }

    /** h1 completed exactly the requests before the first difference and then rejected (or found EOF) there. */
    boolean h1FailsAtDifference(Parse.End end) {
        return h1.end() == end && h1.requests().size() == firstDifference();
    }

    /** Netty completed exactly the requests before the first difference and then rejected (or found EOF) there. */
    boolean nettyFailsAtDifference(Parse.End end) {
        return netty.end() == end && netty.requests().size() == firstDifference();
    }

    /** Netty completed the request at the first difference (where h1 did not). */
    boolean nettyCompletesDifference() {
        return netty.requests().size() > firstDifference();
    }

    /** h1 completed the request at the first difference (where Netty did not). */
    boolean h1CompletesDifference() {
        return h1.requests().size() > firstDifference();
    }

    /** h1's ParseError name when it rejected, or found EOF, right at the first difference; else empty. */
    String h1Error() {
        int i = firstDifference();
        return h1.requests().size() == i && (h1.end() == Parse.End.REJECTED || h1.end() == Parse.End.INCOMPLETE)
                ? h1.detail() : "";
    }

    /** Both completed a request at the first difference, but not the same one. */
    boolean bothCompleteDifferently() {
        return h1CompletesDifference() && nettyCompletesDifference();
    }
}
