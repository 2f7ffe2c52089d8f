package dev.h1.codec;

/**
 * The status codes of the IANA HTTP Status Code Registry with their registered reason phrases (RFC 9110 §15 and the
 * RFCs it lists). The encoder writes {@link #reasonPhrase(int)} when a response does not bring its own phrase.
 *
 * <pre>
 * p.addLast(new ResponseEncoder());                                  // used by the encoder, and by
 * ctx.write(ResponseHead.forRequest(request, HttpStatus.NOT_FOUND)); // handlers that build heads
 * </pre>
 *
 * <p>Immutable and thread-safe; holds no buffer.
 *
 * <p>The two codes registered as "(Unused)", 306 and 418, and every unregistered code in 100–999 have no phrase: their
 * status line ends in {@code SP CRLF}, which RFC 9112 §4 allows (the reason-phrase is optional and clients ignore it).
 */
public enum HttpStatus {
    /** 100 Continue (RFC 9110 §15.2.1). */
    CONTINUE(100, "Continue"),
    /** 101 Switching Protocols (RFC 9110 §15.2.2). */
    SWITCHING_PROTOCOLS(101, "Switching Protocols"),
    /** 102 Processing (RFC 2518 §10.1). */
    PROCESSING(102, "Processing"),
    /** 103 Early Hints (RFC 8297 §2). */
    EARLY_HINTS(103, "Early Hints"),
    /** 200 OK (RFC 9110 §15.3.1). */
    OK(200, "OK"),
    /** 201 Created (RFC 9110 §15.3.2). */
    CREATED(201, "Created"),
    /** 202 Accepted (RFC 9110 §15.3.3). */
    ACCEPTED(202, "Accepted"),
    /** 203 Non-Authoritative Information (RFC 9110 §15.3.4). */
    NON_AUTHORITATIVE_INFORMATION(203, "Non-Authoritative Information"),
    /** 204 No Content (RFC 9110 §15.3.5). */
    NO_CONTENT(204, "No Content"),
    /** 205 Reset Content (RFC 9110 §15.3.6). */
    RESET_CONTENT(205, "Reset Content"),
    /** 206 Partial Content (RFC 9110 §15.3.7). */
    PARTIAL_CONTENT(206, "Partial Content"),
    /** 207 Multi-Status (RFC 4918 §11.1). */
    MULTI_STATUS(207, "Multi-Status"),
    /** 208 Already Reported (RFC 5842 §7.1). */
    ALREADY_REPORTED(208, "Already Reported"),
    /** 226 IM Used (RFC 3229 §10.4.1). */
    IM_USED(226, "IM Used"),
    /** 300 Multiple Choices (RFC 9110 §15.4.1). */
    MULTIPLE_CHOICES(300, "Multiple Choices"),
    /** 301 Moved Permanently (RFC 9110 §15.4.2). */
    MOVED_PERMANENTLY(301, "Moved Permanently"),
    /** 302 Found (RFC 9110 §15.4.3). */
    FOUND(302, "Found"),
    /** 303 See Other (RFC 9110 §15.4.4). */
    SEE_OTHER(303, "See Other"),
    /** 304 Not Modified (RFC 9110 §15.4.5). */
    NOT_MODIFIED(304, "Not Modified"),
    /** 305 Use Proxy (RFC 9110 §15.4.6). */
    USE_PROXY(305, "Use Proxy"),
    /** 307 Temporary Redirect (RFC 9110 §15.4.8). */
    TEMPORARY_REDIRECT(307, "Temporary Redirect"),
    /** 308 Permanent Redirect (RFC 9110 §15.4.9). */
    PERMANENT_REDIRECT(308, "Permanent Redirect"),
    /** 400 Bad Request (RFC 9110 §15.5.1). */
    BAD_REQUEST(400, "Bad Request"),
    /** 401 Unauthorized (RFC 9110 §15.5.2). */
    UNAUTHORIZED(401, "Unauthorized"),
    /** 402 Payment Required (RFC 9110 §15.5.3). */
    PAYMENT_REQUIRED(402, "Payment Required"),
    /** 403 Forbidden (RFC 9110 §15.5.4). */
    FORBIDDEN(403, "Forbidden"),
    /** 404 Not Found (RFC 9110 §15.5.5). */
    NOT_FOUND(404, "Not Found"),
    /** 405 Method Not Allowed (RFC 9110 §15.5.6). */
    METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
    /** 406 Not Acceptable (RFC 9110 §15.5.7). */
    NOT_ACCEPTABLE(406, "Not Acceptable"),
    /** 407 Proxy Authentication Required (RFC 9110 §15.5.8). */
    PROXY_AUTHENTICATION_REQUIRED(407, "Proxy Authentication Required"),
    /** 408 Request Timeout (RFC 9110 §15.5.9). */
    REQUEST_TIMEOUT(408, "Request Timeout"),
    /** 409 Conflict (RFC 9110 §15.5.10). */
    CONFLICT(409, "Conflict"),
    /** 410 Gone (RFC 9110 §15.5.11). */
    GONE(410, "Gone"),
    /** 411 Length Required (RFC 9110 §15.5.12). */
    LENGTH_REQUIRED(411, "Length Required"),
    /** 412 Precondition Failed (RFC 9110 §15.5.13). */
    PRECONDITION_FAILED(412, "Precondition Failed"),
    /** 413 Content Too Large (RFC 9110 §15.5.14). */
    CONTENT_TOO_LARGE(413, "Content Too Large"),
    /** 414 URI Too Long (RFC 9110 §15.5.15). */
    URI_TOO_LONG(414, "URI Too Long"),
    /** 415 Unsupported Media Type (RFC 9110 §15.5.16). */
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type"),
    /** 416 Range Not Satisfiable (RFC 9110 §15.5.17). */
    RANGE_NOT_SATISFIABLE(416, "Range Not Satisfiable"),
    /** 417 Expectation Failed (RFC 9110 §15.5.18). */
    EXPECTATION_FAILED(417, "Expectation Failed"),
    /** 421 Misdirected Request (RFC 9110 §15.5.20). */
    MISDIRECTED_REQUEST(421, "Misdirected Request"),
    /** 422 Unprocessable Content (RFC 9110 §15.5.21). */
    UNPROCESSABLE_CONTENT(422, "Unprocessable Content"),
    /** 423 Locked (RFC 4918 §11.3). */
    LOCKED(423, "Locked"),
    /** 424 Failed Dependency (RFC 4918 §11.4). */
    FAILED_DEPENDENCY(424, "Failed Dependency"),
    /** 425 Too Early (RFC 8470 §5.2). */
    TOO_EARLY(425, "Too Early"),
    /** 426 Upgrade Required (RFC 9110 §15.5.22). */
    UPGRADE_REQUIRED(426, "Upgrade Required"),
    /** 428 Precondition Required (RFC 6585 §3). */
    PRECONDITION_REQUIRED(428, "Precondition Required"),
    /** 429 Too Many Requests (RFC 6585 §4). */
    TOO_MANY_REQUESTS(429, "Too Many Requests"),
    /** 431 Request Header Fields Too Large (RFC 6585 §5). */
    REQUEST_HEADER_FIELDS_TOO_LARGE(431, "Request Header Fields Too Large"),
    /** 451 Unavailable For Legal Reasons (RFC 7725 §3). */
    UNAVAILABLE_FOR_LEGAL_REASONS(451, "Unavailable For Legal Reasons"),
    /** 500 Internal Server Error (RFC 9110 §15.6.1). */
    INTERNAL_SERVER_ERROR(500, "Internal Server Error"),
    /** 501 Not Implemented (RFC 9110 §15.6.2). */
    NOT_IMPLEMENTED(501, "Not Implemented"),
    /** 502 Bad Gateway (RFC 9110 §15.6.3). */
    BAD_GATEWAY(502, "Bad Gateway"),
    /** 503 Service Unavailable (RFC 9110 §15.6.4). */
    SERVICE_UNAVAILABLE(503, "Service Unavailable"),
    /** 504 Gateway Timeout (RFC 9110 §15.6.5). */
    GATEWAY_TIMEOUT(504, "Gateway Timeout"),
    /** 505 HTTP Version Not Supported (RFC 9110 §15.6.6). */
    HTTP_VERSION_NOT_SUPPORTED(505, "HTTP Version Not Supported"),
    /** 506 Variant Also Negotiates (RFC 2295 §8.1). */
    VARIANT_ALSO_NEGOTIATES(506, "Variant Also Negotiates"),
    /** 507 Insufficient Storage (RFC 4918 §11.5). */
    INSUFFICIENT_STORAGE(507, "Insufficient Storage"),
    /** 508 Loop Detected (RFC 5842 §7.2). */
    LOOP_DETECTED(508, "Loop Detected"),
    /** 510 Not Extended (RFC 2774 §7). */
    NOT_EXTENDED(510, "Not Extended"),
    /** 511 Network Authentication Required (RFC 6585 §6). */
    NETWORK_AUTHENTICATION_REQUIRED(511, "Network Authentication Required");

    /** Lowest status code a response may carry: status-code = 3DIGIT (RFC 9112 §4), first digit 1–5 registered. */
    public static final int MIN_CODE = 100;
    /** Highest status code a response may carry (three digits, RFC 9112 §4). */
    public static final int MAX_CODE = 999;

    private static final String[] PHRASES = new String[MAX_CODE + 1];

    static {
        for (HttpStatus status : values()) {
            PHRASES[status.code] = status.reasonPhrase;
        }
    }

    private final int code;
    private final String reasonPhrase;

    HttpStatus(int code, String reasonPhrase) {
        this.code = code;
        this.reasonPhrase = reasonPhrase;
    }

    /**
     * The three-digit status code.
     *
     * @return for example 404
     */
    public int code() {
        return code;
    }

    /**
     * The registered reason phrase.
     *
     * @return for example {@code Not Found}
     */
    public String reasonPhrase() {
        return reasonPhrase;
    }

    /**
     * Whether a status code is informational, 1xx (RFC 9110 §15.2).
     *
     * @param code a status code
     * @return true for 100–199
     */
    public static boolean isInformational(int code) {
        return code >= 100 && code < 200;
    }

    /**
     * Whether a status code is successful, 2xx (RFC 9110 §15.3).
     *
     * @param code a status code
     * @return true for 200–299
     */
    public static boolean isSuccessful(int code) {
        return code >= 200 && code < 300;
    }

    /**
     * The registered reason phrase of a status code.
     *
     * @param code a status code
     * @return the phrase, or the empty string for an unregistered or out-of-range code
     */
    public static String reasonPhrase(int code) {
        if (code < MIN_CODE || code > MAX_CODE) {
            return "";
        }
        String phrase = PHRASES[code];
        return phrase == null ? "" : phrase;
    }
}
