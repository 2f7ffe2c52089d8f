package dev.h1.codec.encoder;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ResponseHead;

import java.util.Arrays;

/**
 * The last head the encoder wrote, remembered by the identity of everything its bytes were made from, with those bytes
 * and its body framing. A server that answers with heads built from the same strings (constant names and values, a
 * cached length, the registered reason) then has its next head copied whole, without checking, framing and assembling
 * it again: those took about a fifth of the encoder's samples in EncoderBenchmark FIXED_13 (http-tests).
 *
 * <p>Why identity is enough: a head's bytes and framing are a pure function of its status, reason, request method and
 * version, {@code sendDate}, its field names and values in order, the encoder's {@code Server} line (fixed per
 * encoder) and, unless the head has its own Date field, the {@code Date} line ({@link DateCache}: one array per
 * second), which {@link #redate} replaces in the remembered bytes. Strings are immutable, so the same instances give
 * the same bytes, and a head made of them was accepted before. A head that differs in any of them, even by an equal
 * but distinct string, is simply written the long way and remembered instead.
 *
 * <p>Event loop only: one per encoder. Heads of more than {@value #MAX_FIELDS} fields or {@value #MAX_BYTES} bytes are
 * not remembered.
 */
final class LastHead {

    static final int MAX_FIELDS = 16;
    /** A longer head is not remembered, so that one unusual head does not keep a large array per connection. */
    static final int MAX_BYTES = 1024;
    /** Room left after a head's bytes when the array is made, for a next head a few digits longer. */
    private static final int ROOM_BYTES = 32;
    private static final String[] NO_TEXTS = new String[0];

    /**
     * Names and values of the remembered head, alternately; {@code fieldCount} of each. Made as long as the heads
     * remembered need, not for {@link #MAX_FIELDS}: every keep-alive connection keeps it.
     */
    private String[] texts = NO_TEXTS;
    /** -1 while nothing is remembered. */
    private int fieldCount = -1;
    private int status;
    private String reason;
    private String requestMethod;
    private HttpVersion requestVersion;
    private boolean sendDate;
    private byte[] date;
    private boolean hasOwnDate;
    private BodyEncoder body;
    private long declaredLength;
    private byte[] bytes = WireConstants.NO_FIELDS;
    private int byteCount;

    /**
     * Whether {@code head} is made of the same instances as the remembered head, the {@code Date} line aside: if the
     * head has no Date field of its own, the caller also compares the line it would add with {@link #date()}.
     */
    boolean matches(ResponseHead head) {
        Headers fields = head.headers();
        if (fields.size() != fieldCount || head.status() != status || head.reason() != reason
                || head.requestMethod() != requestMethod || head.requestVersion() != requestVersion
                || head.sendDate() != sendDate) {
            return false;
        }
        for (int i = 0; i < fieldCount; i++) {
            if (fields.name(i) != texts[2 * i] || fields.value(i) != texts[2 * i + 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Remembers {@code head}, written as the {@code length} bytes of {@code encoded} with {@code framing} and the
     * {@code dateLine} the encoder offered ({@code ownDate}: the head has its own Date field, so it was not used); a
     * {@link FixedLength} framing is remembered by its declared length, since the encoder's counter is reused.
     */
    void remember(ResponseHead head, byte[] dateLine, boolean ownDate, BodyEncoder framing, byte[] encoded,
                  int length) {
        Headers fields = head.headers();
        if (fields.size() > MAX_FIELDS || length > MAX_BYTES) {
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
        fieldCount = fields.size();
        status = head.status();
        reason = head.reason();
        requestMethod = head.requestMethod();
        requestVersion = head.requestVersion();
        sendDate = head.sendDate();
        date = dateLine;
        hasOwnDate = ownDate;
        body = framing;
        declaredLength = framing instanceof FixedLength fixed ? fixed.length() : -1;
        if (bytes.length < length) {
            // Sized to the head with a little room, not to MAX_BYTES: every keep-alive connection keeps this array
            // (a plaintext head is about 150 bytes; heap histograms as in WriteBatch's SPARE_LINES). Heads that repeat
            // are the same length, so it grows only when a head unlike the last is longer.
            bytes = new byte[Math.min(MAX_BYTES, length + ROOM_BYTES)];
        }
        System.arraycopy(encoded, 0, bytes, 0, length);
        byteCount = length;
    }

    /** Remembers nothing: the next head is written the long way. */
    void forget() {
        fieldCount = -1;
        Arrays.fill(texts, null);
        date = null;
    }

    /** The remembered head's framing; a Content-Length body is declared anew on {@code counter}. */
    BodyEncoder body(FixedLength counter) {
        if (body instanceof FixedLength) {
            counter.declare(declaredLength);
            return counter;
        }
        return body;
    }

    /**
     * Puts the {@code Date} line of a new second in place of the remembered one, for a head that {@link #matches} and
     * has no Date field of its own; false if the remembered bytes carry no Date line of the encoder's. So each
     * connection's head is not checked and assembled again once a second: with {@code -XX:+PrintCompilation},
     * h1-server.jar under bench/e2e.sh's load kept compiling that once-a-second path at the second boundaries, on the
     * server's CPU. The line is the last before the empty line ({@link HeadWriter#writeHead}), and every IMF-fixdate
     * has the same length (RFC 9110 §5.6.7).
     */
    boolean redate(byte[] dateLine) {
        if (hasOwnDate || date == null || dateLine == null || dateLine.length != date.length) {
            return false;
        }
        System.arraycopy(dateLine, 0, bytes, byteCount - 2 - dateLine.length, dateLine.length);
        date = dateLine;
        return true;
    }

    /** Whether the remembered head has its own Date field, so that the encoder's Date line plays no part in it. */
    boolean hasOwnDate() {
        return hasOwnDate;
    }

    /** The Date line the remembered head was written with, or offered; null for none. */
    byte[] date() {
        return date;
    }

    /** The remembered head's bytes, valid up to {@link #length()}. */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return byteCount;
    }
}
