package dev.h1.server.compression;

import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.ResponseHead;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class EncodedFieldsTest {

    @Test
    void encodedHeadDropsTheLengthNamesTheCodingAndVaries() {
        ResponseHead original = DecisionTest.head("GET", 200, HttpVersion.HTTP_1_1, "Content-Type: text/plain",
                "Content-Length: 5000");
        ResponseHead encoded = EncodedFields.encoded(original, ContentCoding.GZIP);
        assertNull(encoded.headers().get("Content-Length"));
        assertEquals("gzip", encoded.headers().get("Content-Encoding"));
        assertEquals("Accept-Encoding", encoded.headers().get("Vary"));
        assertEquals("5000", original.headers().get("Content-Length"), "the application's head is not modified");
        assertFalse(original.headers().contains("Vary"));
    }

    @Test
    void mergesAccept_EncodingIntoAnExistingVary() {
        ResponseHead original = DecisionTest.head("GET", 200, HttpVersion.HTTP_1_1, "Vary: Origin",
                "Vary: Accept-Language");
        assertEquals(List.of("Origin, Accept-Language, Accept-Encoding"),
                EncodedFields.varying(original).headers().getAll("Vary"));
    }

    @Test
    void leavesAVaryThatAlreadyCoversIt() {
        for (String vary : List.of("*", "origin, accept-encoding")) {
            ResponseHead original = DecisionTest.head("GET", 200, HttpVersion.HTTP_1_1, "Vary: " + vary);
            assertEquals(List.of(vary),
                    EncodedFields.encoded(original, ContentCoding.DEFLATE).headers().getAll("Vary"));
        }
    }

    @Test
    void weakensAStrongEtagAndKeepsAWeakOne() {
        ResponseHead strong = DecisionTest.head("GET", 200, HttpVersion.HTTP_1_1, "ETag: \"v1\"");
        assertEquals("W/\"v1\"", EncodedFields.encoded(strong, ContentCoding.GZIP).headers().get("ETag"));
        ResponseHead weak = DecisionTest.head("GET", 200, HttpVersion.HTTP_1_1, "ETag: W/\"v1\"");
        assertEquals("W/\"v1\"", EncodedFields.encoded(weak, ContentCoding.GZIP).headers().get("ETag"));
        assertEquals("\"v1\"", EncodedFields.varying(strong).headers().get("ETag"), "an unencoded body keeps it");
    }

    @Test
    void copiesReadOnlyFields() {
        ResponseHead original = new ResponseHead(200, null, Headers.empty(), "GET", HttpVersion.HTTP_1_1);
        assertEquals("Accept-Encoding", EncodedFields.varying(original).headers().get("Vary"));
    }
}
