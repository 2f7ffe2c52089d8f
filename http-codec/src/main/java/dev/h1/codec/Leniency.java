package dev.h1.codec;

/**
 * Named, opt-in departures from a strict RFC 9112 rule. The decoder is strict by default (the empty set); each
 * constant cites the rule it relaxes. There is deliberately no leniency for anything that enables request smuggling
 * (bare CR/LF, obs-fold, conflicting framing).
 */
public enum Leniency {
    /**
     * Accept an HTTP/1.1 request that has no {@code Host} field. RFC 9112 §3.2: "A server MUST respond with a 400 (Bad
     * Request) status code to any HTTP/1.1 request message that lacks a Host header field". Meant for comparing the
     * parser with parsers that leave this rule to the server (llhttp); a repeated or invalid Host is still rejected.
     */
    MISSING_HOST
}
