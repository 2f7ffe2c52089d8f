package dev.h1.codec;

/**
 * Named, opt-in departures from a strict RFC 9112 rule, switched on with {@link DecoderConfig.Builder#allow}. The
 * decoder is strict by default (the empty set); each constant cites the rule it relaxes. There is deliberately no
 * leniency for anything that enables request smuggling (bare CR/LF, obs-fold, conflicting or differing framing).
 */
public enum Leniency {
    /**
     * Accept an HTTP/1.1 request that has no {@code Host} field. RFC 9112 §3.2: "A server MUST respond with a 400 (Bad
     * Request) status code to any HTTP/1.1 request message that lacks a Host header field". Meant for comparing the
     * parser with parsers that leave this rule to the server (llhttp); a repeated or invalid Host is still rejected.
     */
    MISSING_HOST,

    /**
     * Accept a Content-Length that repeats one decimal value: a list in one field ({@code Content-Length: 5, 5}) or
     * several fields with the same value. RFC 9110 §8.6 lets a recipient of such a list "either reject the message as
     * invalid or replace that invalid field value with a single instance of the decimal value", since an upstream
     * processor likely duplicated the field. By default h1 rejects it (400), as Node.js and Netty do: a message whose
     * framing field was duplicated on the way is one that intermediaries may have read differently. Differing values
     * are rejected either way (RFC 9112 §6.3(5)).
     */
    IDENTICAL_CONTENT_LENGTHS
}
