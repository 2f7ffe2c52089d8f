package dev.h1.server.exchange;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ResponseFraming;
import dev.h1.codec.ResponseHead;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@link ResponseHeads}: a kept head is found again only for a draft made of the very same strings. */
class ResponseHeadsTest {

    private static final String TEXT_PLAIN = "text/plain";
    private static final String LENGTH = "13";
    private static final String KEEP_ALIVE = "timeout=5";

    private final ResponseHeads heads = new ResponseHeads();

    @Test
    void aDraftOfTheSameStringsFindsTheKeptHead() {
        ResponseHead head = keep(draft(TEXT_PLAIN), HttpVersion.HTTP_1_1);

        assertSame(head, heads.find(draft(TEXT_PLAIN), "GET", HttpVersion.HTTP_1_1, LENGTH));
    }

    @Test
    void anEqualButDistinctValueIsNotTheSame() {
        keep(draft(TEXT_PLAIN), HttpVersion.HTTP_1_1);

        String equal = new String(TEXT_PLAIN.toCharArray());
        assertNull(heads.find(draft(equal), "GET", HttpVersion.HTTP_1_1, LENGTH));
    }

    @Test
    void anotherLengthStatusOrMethodIsNotTheSame() {
        keep(draft(TEXT_PLAIN), HttpVersion.HTTP_1_1);

        assertNull(heads.find(draft(TEXT_PLAIN), "GET", HttpVersion.HTTP_1_1, "14"));
        assertNull(heads.find(draft(TEXT_PLAIN), "GET", HttpVersion.HTTP_1_1, null));
        assertNull(heads.find(draft(TEXT_PLAIN).withStatus(404, null), "GET", HttpVersion.HTTP_1_1, LENGTH));
        assertNull(heads.find(draft(TEXT_PLAIN), "HEAD", HttpVersion.HTTP_1_1, LENGTH));
        assertNull(heads.find(draft(TEXT_PLAIN).withSendDate(false, null), "GET", HttpVersion.HTTP_1_1, LENGTH));
    }

    @Test
    void aDraftWithAnotherFieldIsNotTheSame() {
        keep(draft(TEXT_PLAIN), HttpVersion.HTTP_1_1);

        ResponseDraft more = draft(TEXT_PLAIN).withHeaderSet("Cache-Control", "no-store");
        assertNull(heads.find(more, "GET", HttpVersion.HTTP_1_1, LENGTH));
    }

    @Test
    void aKeptHeadWhoseFieldsWereChangedAfterItsWriteIsNotReused() {
        ResponseHead head = keep(draft(TEXT_PLAIN), HttpVersion.HTTP_1_1);

        head.headers().add("X-Added", "by an outbound handler");
        assertNull(heads.find(draft(TEXT_PLAIN), "GET", HttpVersion.HTTP_1_1, LENGTH));
    }

    @Test
    void aKeptHeadWhoseFieldWasRemovedIsNotReused() {
        ResponseHead head = keep(draft(TEXT_PLAIN), HttpVersion.HTTP_1_1);

        head.headers().remove("Keep-Alive");
        assertNull(heads.find(draft(TEXT_PLAIN), "GET", HttpVersion.HTTP_1_1, LENGTH));
    }

    @Test
    void anHttp10HeadIsNeitherKeptNorFound() {
        keep(draft(TEXT_PLAIN), HttpVersion.HTTP_1_0);

        assertNull(heads.find(draft(TEXT_PLAIN), "GET", HttpVersion.HTTP_1_0, LENGTH));
        assertNull(heads.find(draft(TEXT_PLAIN), "GET", HttpVersion.HTTP_1_1, LENGTH));
    }

    /** Heads of more, then fewer fields than the one kept before are each found again, and only with their own. */
    @Test
    void keepsHeadsOfMoreAndFewerFieldsInTurn() {
        ResponseDraft one = draft(TEXT_PLAIN);
        ResponseDraft many = one;
        for (int i = 0; i < 10; i++) {
            many = many.withHeaderSet("X-Field-" + i, "v");
        }
        for (ResponseDraft draft : new ResponseDraft[] {one, many, one, many}) {
            ResponseHead head = keep(draft, HttpVersion.HTTP_1_1);
            assertSame(head, heads.find(draft, "GET", HttpVersion.HTTP_1_1, LENGTH));
            assertNull(heads.find(draft == one ? many : one, "GET", HttpVersion.HTTP_1_1, LENGTH));
        }
        ResponseHead kept = keep(one, HttpVersion.HTTP_1_1);
        kept.headers().add("X-Added", "after the write");
        assertNull(heads.find(one, "GET", HttpVersion.HTTP_1_1, LENGTH), "a field added beyond the kept ones");
    }

    @Test
    void nothingIsFoundAfterForget() {
        keep(draft(TEXT_PLAIN), HttpVersion.HTTP_1_1);

        heads.forget();
        assertNull(heads.find(draft(TEXT_PLAIN), "GET", HttpVersion.HTTP_1_1, LENGTH));
    }

    private static ResponseDraft draft(String contentType) {
        return ResponseDraft.INITIAL.withHeaderSet("Content-Type", contentType);
    }

    /** Keeps the head the server would write for {@code draft}: its fields, the length, Keep-Alive. */
    private ResponseHead keep(ResponseDraft draft, HttpVersion version) {
        Headers fields = draft.headers.copy(2).add("Content-Length", LENGTH).add("Keep-Alive", KEEP_ALIVE);
        ResponseHead head = new ResponseHead(draft.status, draft.reason, fields, "GET", version);
        heads.keep(draft, LENGTH, head, ResponseFraming.FIXED_LENGTH);
        return head;
    }
}
