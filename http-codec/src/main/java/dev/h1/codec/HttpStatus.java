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
    CONTINUE(100, "Continue"),
    SWITCHING_PROTOCOLS(101, "Switching Protocols"),
    PROCESSING(102, "Processing"),
    EARLY_HINTS(103, "Early Hints"),
    OK(200, "OK"),
    CREATED(201, "Created"),
    ACCEPTED(202, "Accepted"),
    NON_AUTHORITATIVE_INFORMATION(203, "Non-Authoritative Information"),
    NO_CONTENT(204, "No Content"),
    RESET_CONTENT(205, "Reset Content"),
    PARTIAL_CONTENT(206, "Partial Content"),
    MULTI_STATUS(207, "Multi-Status"),
    ALREADY_REPORTED(208, "Already Reported"),
    IM_USED(226, "IM Used"),
    MULTIPLE_CHOICES(300, "Multiple Choices"),
    MOVED_PERMANENTLY(301, "Moved Permanently"),
    FOUND(302, "Found"),
    SEE_OTHER(303, "See Other"),
    NOT_MODIFIED(304, "Not Modified"),
    USE_PROXY(305, "Use Proxy"),
    TEMPORARY_REDIRECT(307, "Temporary Redirect"),
    PERMANENT_REDIRECT(308, "Permanent Redirect"),
    BAD_REQUEST(400, "Bad Request"),
    UNAUTHORIZED(401, "Unauthorized"),
    PAYMENT_REQUIRED(402, "Payment Required"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not Found"),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
    NOT_ACCEPTABLE(406, "Not Acceptable"),
    PROXY_AUTHENTICATION_REQUIRED(407, "Proxy Authentication Required"),
    REQUEST_TIMEOUT(408, "Request Timeout"),
    CONFLICT(409, "Conflict"),
    GONE(410, "Gone"),
    LENGTH_REQUIRED(411, "Length Required"),
    PRECONDITION_FAILED(412, "Precondition Failed"),
    CONTENT_TOO_LARGE(413, "Content Too Large"),
    URI_TOO_LONG(414, "URI Too Long"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type"),
    RANGE_NOT_SATISFIABLE(416, "Range Not Satisfiable"),
    EXPECTATION_FAILED(417, "Expectation Failed"),
    MISDIRECTED_REQUEST(421, "Misdirected Request"),
    UNPROCESSABLE_CONTENT(422, "Unprocessable Content"),
    LOCKED(423, "Locked"),
    FAILED_DEPENDENCY(424, "Failed Dependency"),
    TOO_EARLY(425, "Too Early"),
    UPGRADE_REQUIRED(426, "Upgrade Required"),
    PRECONDITION_REQUIRED(428, "Precondition Required"),
    TOO_MANY_REQUESTS(429, "Too Many Requests"),
    REQUEST_HEADER_FIELDS_TOO_LARGE(431, "Request Header Fields Too Large"),
    UNAVAILABLE_FOR_LEGAL_REASONS(451, "Unavailable For Legal Reasons"),
    INTERNAL_SERVER_ERROR(500, "Internal Server Error"),
    NOT_IMPLEMENTED(501, "Not Implemented"),
    BAD_GATEWAY(502, "Bad Gateway"),
    SERVICE_UNAVAILABLE(503, "Service Unavailable"),
    GATEWAY_TIMEOUT(504, "Gateway Timeout"),
    HTTP_VERSION_NOT_SUPPORTED(505, "HTTP Version Not Supported"),
    VARIANT_ALSO_NEGOTIATES(506, "Variant Also Negotiates"),
    INSUFFICIENT_STORAGE(507, "Insufficient Storage"),
    LOOP_DETECTED(508, "Loop Detected"),
    NOT_EXTENDED(510, "Not Extended"),
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

    /** The three-digit status code. */
    public int code() {
        return code;
    }

    /** The registered reason phrase, for example {@code Not Found}. */
    public String reasonPhrase() {
        return reasonPhrase;
    }

    /** Whether {@code code} is informational, 1xx (RFC 9110 §15.2). */
    public static boolean isInformational(int code) {
        return code >= 100 && code < 200;
    }

    /** Whether {@code code} is successful, 2xx (RFC 9110 §15.3). */
    public static boolean isSuccessful(int code) {
        return code >= 200 && code < 300;
    }

    /** The registered reason phrase of {@code code}, or the empty string for an unregistered or out-of-range code. */
    public static String reasonPhrase(int code) {
        if (code < MIN_CODE || code > MAX_CODE) {
            return "";
        }
        String phrase = PHRASES[code];
        return phrase == null ? "" : phrase;
    }
}
