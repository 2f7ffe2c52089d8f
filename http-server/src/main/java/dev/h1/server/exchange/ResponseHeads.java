package dev.h1.server.exchange;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.RequestHead;
import dev.h1.codec.ResponseEncodeException;
import dev.h1.codec.ResponseFraming;
import dev.h1.codec.ResponseHead;

import java.util.Arrays;

/**
 * Makes the heads a connection's responses are written with: the application's fields from the response's
 * {@link ResponseDraft}, copied, with the {@code Content-Length} the server announces and the fields that manage the
 * connection ({@link Exchange#addConnectionFields}), framed once by {@link ResponseFraming#of}, the function the
 * encoder uses too.
 *
 * <p>It keeps the last persistent HTTP/1.1 head, and a next response made of the very same strings is written with
 * that same {@link ResponseHead}, without a copy: a server answering request after request with constant names and
 * values (and the cached length strings of {@code Lengths}) makes its head once per connection. The copy and the head
 * were about a tenth of the bytes allocated per request in PipelineBenchmark's h1Plaintext (http-tests,
 * {@code -prof gc}), and the encoder, given the same instances again, copies the head's bytes whole. Persistence is
 * still decided for each response: a closing one gets a head of its own.
 *
 * <p>Why identity is enough: the head is a function of the status, the reason, the request's method (a shared string
 * from the decoder), {@code sendDate}, the application's fields in order and the length added, all compared by
 * identity here; the {@code Keep-Alive} value is fixed per connection. Strings are immutable; the field list handed out
 * is not, so a head is reused only while its list still holds exactly the fields it was made with: an outbound handler
 * that changed a written head's fields (which {@link ResponseHead} tells writers not to do) costs a new head, not a
 * wrong one.
 *
 * <p>Event loop only: one per connection. Heads of more than {@value #MAX_FIELDS} fields are not kept.
 */
public final class ResponseHeads {

    static final int MAX_FIELDS = 16;
    private static final String[] NO_TEXTS = new String[0];

    /**
     * The kept head's fields, names and values alternately: the application's first, then the server's. Made as long
     * as the heads kept need, not for {@link #MAX_FIELDS}: every keep-alive connection keeps it.
     */
    private String[] texts = NO_TEXTS;
    /** How many fields the kept head has. */
    private int keptFields;
    /** How many fields of the kept head are the application's; -1 while nothing is kept. */
    private int appFields = -1;
    private int status;
    private String reason;
    private String method;
    private int marks;
    private String length;
    private ResponseHead kept;
    private ResponseFraming keptFraming;
    /** The framing of the head {@link #head} returned last. */
    private ResponseFraming framing;

    /**
     * The head to write for {@code draft}, answering {@code exchange}'s request, with {@code length} announced as the
     * Content-Length (null for none; given only when the draft has none). Decides persistence with what the head
     * says; {@link #framing()} is then the head's framing. A head that cannot be framed is made all the same, framed
     * as {@link ResponseFraming#NO_BODY}: the encoder refuses it, which closes the connection as an application error.
     */
    ResponseHead head(Exchange exchange, ResponseDraft draft, String length) {
        RequestHead request = exchange.head();
        ResponseHead head = find(draft, request.method(), request.version(), length);
        if (head != null && exchange.persistsAfter(keptFraming, draft)) {
            framing = keptFraming;
            return head; // the same head as the last response's, fields and all
        }
        // A published draft's headers are never modified: the head gets a copy, with room for the length and the
        // fields that manage the connection.
        Headers fields = draft.headers.copy(3);
        if (length != null) {
            fields.add("Content-Length", length);
        }
        try {
            framing = ResponseFraming.of(draft.status, request.method(), request.version(), fields);
        } catch (ResponseEncodeException unframeable) {
            framing = ResponseFraming.NO_BODY;
        }
        exchange.addConnectionFields(fields, framing, draft);
        head = new ResponseHead(draft.status, draft.reason, fields, request.method(), request.version(),
                !draft.has(ResponseDraft.NO_DATE));
        if (!exchange.closesConnection()) {
            keep(draft, length, head, framing);
        }
        return head;
    }

    /** The framing of the head {@link #head} returned last. */
    ResponseFraming framing() {
        return framing;
    }

    /**
     * The head kept for {@code draft} answering a request with {@code requestMethod} and {@code version}, with
     * {@code length} added (null for none); null unless the draft is made of the same strings as the kept head and the
     * request is HTTP/1.1.
     */
    ResponseHead find(ResponseDraft draft, String requestMethod, HttpVersion version, String length) {
        Headers fields = draft.headers;
        if (kept == null || version != HttpVersion.HTTP_1_1 || fields.size() != appFields
                || draft.status != status || draft.reason != reason || requestMethod != method
                || draft.marks != marks || length != this.length) {
            return null;
        }
        for (int i = 0; i < appFields; i++) {
            if (fields.name(i) != texts[2 * i] || fields.value(i) != texts[2 * i + 1]) {
                return null;
            }
        }
        return isIntact() ? kept : null;
    }

    /**
     * Keeps {@code written}, the head of a persistent HTTP/1.1 response made from {@code draft} with {@code length}
     * added (null for none), framed as {@code writtenFraming}; any other head is not kept, and nothing then is.
     */
    void keep(ResponseDraft draft, String length, ResponseHead written, ResponseFraming writtenFraming) {
        Headers fields = written.headers();
        if (fields.size() > MAX_FIELDS || written.requestVersion() != HttpVersion.HTTP_1_1) {
            forget();
            return;
        }
        if (texts.length < 2 * fields.size()) {
            texts = new String[2 * fields.size()];
        }
        for (int i = 0; i < fields.size(); i++) {
            texts[2 * i] = fields.name(i);
            texts[2 * i + 1] = fields.value(i);
        }
        Arrays.fill(texts, 2 * fields.size(), texts.length, null); // no reference to a longer head's strings
        keptFields = fields.size();
        appFields = draft.headers.size();
        status = draft.status;
        reason = draft.reason;
        method = written.requestMethod();
        marks = draft.marks;
        this.length = length;
        kept = written;
        keptFraming = writtenFraming;
    }

    /** Keeps nothing: the next head is made anew. */
    void forget() {
        kept = null;
        appFields = -1;
        Arrays.fill(texts, null);
    }

    /** Whether the kept head's list still holds exactly the fields it was made with. */
    private boolean isIntact() {
        Headers fields = kept.headers();
        int size = fields.size();
        if (size != keptFields) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (fields.name(i) != texts[2 * i] || fields.value(i) != texts[2 * i + 1]) {
                return false;
            }
        }
        return true;
    }
}
