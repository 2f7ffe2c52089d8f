package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.Expectation;
import dev.h1.codec.Framing;
import dev.h1.codec.Headers;
import dev.h1.codec.ParseError;
import dev.h1.codec.RequestHead;
import dev.h1.testing.DecodedHeads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.h1.testing.DecoderHarness.decodeAllSplits;
import static dev.h1.testing.EventLogAssertions.assertEndsWithFailure;
import static dev.h1.testing.EventLogAssertions.assertHeadRejected;
import static dev.h1.testing.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The marks that let the head's rules skip lookups of absent fields: recorded for every spelling of a name (a name in
 * odd case is no known string, and must be recognised all the same), and the same as a pass over the fields gives.
 */
class FieldMarksTest {

    @Test
    void marksTheLookedUpFieldsInAnyCaseAndNothingElse() {
        assertEquals(FieldMarks.HOST, FieldMarks.ofName("HOST"));
        assertEquals(FieldMarks.HOST, FieldMarks.ofName("hOsT"));
        assertEquals(FieldMarks.CONTENT_LENGTH, FieldMarks.ofName("content-LENGTH"));
        assertEquals(FieldMarks.TRANSFER_ENCODING, FieldMarks.ofName("TRANSFER-encoding"));
        assertEquals(FieldMarks.CONNECTION, FieldMarks.ofName("cONNECTION"));
        assertEquals(FieldMarks.EXPECT, FieldMarks.ofName("EXPECT"));
        assertEquals(FieldMarks.UPGRADE, FieldMarks.ofName("upGrade"));
        for (String other : List.of("Hosts", "Hos", "Hist", "User-Agent", "Content-Type", "Content-Lengths",
                "Transfer-Encodin", "Expects", "Upgrade-Insecure-Requests", "X", "")) {
            assertEquals(FieldMarks.NONE, FieldMarks.ofName(other), other);
        }
    }

    @Test
    void marksKnownNamesAsTheirSpellingInAnyCase() {
        for (int i = 0; i < KnownStrings.FIELD_NAMES.size(); i++) {
            String name = KnownStrings.FIELD_NAMES.get(i);
            assertEquals(FieldMarks.ofName(name), FieldMarks.ofKnownName(i), name);
        }
        byte[] host = "host".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(FieldMarks.HOST, FieldMarks.ofKnownName(KnownStrings.FIELD_NAMES.indexOf(host, 0, 4)));
    }

    @Test
    void marksAConnectionValueThatIsOneOptionAsThatOptionAndAnyOtherAsUnknown() {
        int connection = FieldMarks.CONNECTION;
        assertEquals(connection | FieldMarks.CONNECTION_KEEP_ALIVE, FieldMarks.ofField(connection, "keep-alive"));
        assertEquals(connection | FieldMarks.CONNECTION_KEEP_ALIVE, FieldMarks.ofField(connection, "KEEP-Alive"));
        assertEquals(connection | FieldMarks.CONNECTION_CLOSE, FieldMarks.ofField(connection, "Close"));
        assertEquals(connection | FieldMarks.CONNECTION_UPGRADE, FieldMarks.ofField(connection, "UPGRADE"));
        for (String other : List.of("keep-alive, close", "closed", "", "te", ",close")) {
            assertEquals(connection | FieldMarks.CONNECTION_OTHER, FieldMarks.ofField(connection, other), other);
        }
        assertEquals(FieldMarks.UPGRADE, FieldMarks.ofField(FieldMarks.UPGRADE, "close"), "only Connection's value");
    }

    @Test
    void marksASecondHostAsRepeated() {
        int once = FieldMarks.add(FieldMarks.NONE, FieldMarks.HOST);
        assertFalse(FieldMarks.has(once, FieldMarks.HOST_REPEATED));
        int twice = FieldMarks.add(FieldMarks.add(once, FieldMarks.EXPECT), FieldMarks.HOST);
        assertTrue(FieldMarks.has(twice, FieldMarks.HOST_REPEATED));
        assertTrue(FieldMarks.has(twice, FieldMarks.EXPECT));
    }

    @Test
    void answersConnectionOptionsFromTheMarksAsTheFieldsWould() {
        List<List<String>> sections = List.of(List.of(), List.of("keep-alive"), List.of("Close"),
                List.of("keep-alive", "close"), List.of("upgrade", "Keep-Alive"), List.of("keep-alive, close"),
                List.of("close", "x"), List.of("UPGRADE"), List.of("foo, Upgrade"), List.of(""));
        for (List<String> values : sections) {
            Headers headers = new Headers().add("Host", "a");
            values.forEach(value -> headers.add("connection", value));
            int marks = FieldMarks.of(headers);
            for (String token : List.of("close", "keep-alive", "upgrade")) {
                int option = switch (token) {
                    case "close" -> FieldMarks.CONNECTION_CLOSE;
                    case "keep-alive" -> FieldMarks.CONNECTION_KEEP_ALIVE;
                    default -> FieldMarks.CONNECTION_UPGRADE;
                };
                assertEquals(headers.containsToken("Connection", token),
                        FieldMarks.hasConnectionOption(headers, marks, option, token), values + " " + token);
            }
        }
    }

    /** The reader records, field by field, what {@link FieldMarks#of} finds in the fields it made. */
    @Test
    void recordsWhileReadingWhatAPassOverTheFieldsFinds() {
        List<String> sections = List.of(
                "Host: a\r\nConnection: keep-alive\r\n\r\n",
                "HOST: a\r\nhost: b\r\n\r\n",
                "content-LENGTH: 5\r\nTransfer-Encoding: chunked\r\nX: y\r\n\r\n",
                "expect: 100-continue\r\nUPGRADE: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\n",
                "User-Agent: u\r\nconnection: CLOSE\r\nConnection: close\r\n\r\n",
                "X-Long-Name-Beyond-Sixteen-Bytes: v\r\nHost:\r\n\r\n");
        for (String section : sections) {
            FieldSectionReader reader = new FieldSectionReader(8192, 100, new HeadBytes());
            ByteBuf in = Unpooled.copiedBuffer(section, StandardCharsets.ISO_8859_1);
            try {
                int fields = 0;
                int lastMarks = -1;
                while (true) {
                    FieldSectionReader.Progress progress = reader.read(in);
                    if (progress != FieldSectionReader.Progress.FIELD) {
                        assertEquals(FieldSectionReader.Progress.END, progress, section);
                        break;
                    }
                    Headers read = reader.fields();
                    fields++;
                    lastMarks = reader.lastMarks();
                    int last = read.size() - 1;
                    assertEquals(FieldMarks.ofField(FieldMarks.ofName(read.name(last)), read.value(last)), lastMarks);
                }
                assertEquals(fields, reader.fields().size());
                assertEquals(FieldMarks.of(reader.fields()), reader.marks(), section);
            } finally {
                in.release();
            }
            reader.reset();
            assertEquals(FieldMarks.NONE, reader.marks());
            assertEquals(FieldMarks.NONE, reader.lastMarks());
        }
    }

    @Test
    void recognisesTheHeadsFieldsWhateverTheCaseOfTheirNames() {
        RequestHead post = heads(head("POST / HTTP/1.1", "HOST: a", "content-LENGTH: 2", "CONNECTION: CLOSE") + "ok")
                .get(0);
        assertEquals(Framing.CONTENT_LENGTH, post.framing());
        assertEquals(2, post.contentLength());
        assertFalse(post.isKeepAlive());
        RequestHead chunked = heads(head("POST / HTTP/1.1", "host: a", "TRANSFER-ENCODING: chunked") + "0\r\n\r\n")
                .get(0);
        assertEquals(Framing.CHUNKED, chunked.framing());
        RequestHead expecting = heads(head("PUT / HTTP/1.1", "hOST: a", "EXPECT: 100-Continue")).get(0);
        assertEquals(Expectation.CONTINUE, expecting.expectation());
        RequestHead upgrading = heads(head("GET / HTTP/1.1", "Host: a", "uPGRADE: websocket",
                "CONNECTION: UPGRADE")).get(0);
        assertTrue(upgrading.isUpgrade());
        RequestHead keptAlive = heads(head("GET / HTTP/1.0", "CONNECTION: KEEP-ALIVE")).get(0);
        assertTrue(keptAlive.isKeepAlive());
    }

    @Test
    void rejectsTwoHostLinesWhoseNamesAreNoKnownString() {
        assertHeadRejected(decodeAllSplits(head("GET / HTTP/1.1", "HOST: a", "X: y", "hOsT: a")), ParseError.BAD_HOST);
        assertHeadRejected(decodeAllSplits(head("GET / HTTP/1.0", "Host: a", "HOST: a")), ParseError.BAD_HOST);
    }

    private static List<RequestHead> heads(String input) {
        return DecodedHeads.of(DecoderConfig.defaults(), input);
    }
}
