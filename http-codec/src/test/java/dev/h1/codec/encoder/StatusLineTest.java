package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.EndOfResponse;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.InformationalResponse;
import dev.h1.codec.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static dev.h1.codec.encoder.Wire.DATE;
import static dev.h1.codec.encoder.Wire.assertRefused;
import static dev.h1.codec.encoder.Wire.drain;
import static dev.h1.codec.encoder.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9112 §4: {@code status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF}. */
class StatusLineTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "200 | OK",
            "201 | Created",
            "301 | Moved Permanently",
            "308 | Permanent Redirect",
            "404 | Not Found",
            "413 | Content Too Large",
            "431 | Request Header Fields Too Large",
            "500 | Internal Server Error",
            "505 | HTTP Version Not Supported",
    })
    void writesTheRegisteredReasonForEachFinalStatusClass(int status, String reason) {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(status, "Content-Length", "0"), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: 0\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"100 | Continue", "102 | Processing", "103 | Early Hints"})
    void writesTheRegisteredReasonForInformationalStatuses(int status, String reason) {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(new InformationalResponse(status, Headers.empty()));
        assertEquals("HTTP/1.1 " + status + " " + reason + "\r\n\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesTheRegisteredReasonOfSwitchingProtocols() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(101, "Upgrade", "x", "Connection", "upgrade"));
        assertEquals("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n" + DATE + "\r\n",
                drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesACustomReason() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Content-Length", "0").withReason("Fine, Thanks"), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 Fine, Thanks\r\nContent-Length: 0\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesAReasonEqualToTheRegisteredOneButAnotherStringAsTheRegisteredLine() {
        // The encoder skips checking the registered phrase; an equal String made elsewhere takes the same path.
        String ok = new String("OK".toCharArray());
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Content-Length", "0").withReason(ok), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesTheRegisteredPhraseOfAnotherStatusAsACustomReason() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Content-Length", "0").withReason(HttpStatus.NOT_FOUND.reasonPhrase()),
                EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 Not Found\r\nContent-Length: 0\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesAnEmptyCustomReasonWithItsSpace() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(404, "Content-Length", "0").withReason(""), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 404 \r\nContent-Length: 0\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @ParameterizedTest
    @ValueSource(ints = {299, 306, 418, 599, 999})
    void writesNoReasonForUnregisteredCodes(int status) {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(status, "Content-Length", "0"), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 " + status + " \r\nContent-Length: 0\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesObsTextInAReasonAsLatin1() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Content-Length", "0").withReason("\u00c7a va\tbien"),
                EndOfResponse.NO_TRAILERS);
        ByteBuf wire = channel.readOutbound();
        assertEquals(0xC7, wire.getUnsignedByte("HTTP/1.1 200 ".length()));
        assertTrue(wire.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200 \u00c7a va\tbien\r\n"));
        wire.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "OK\r\nSet-Cookie: x=1", "a\u0000b", "a\u0001b", "a\u007fb", "a\u0100b"})
    void refusesAReasonWithAControlOrNonLatin1CharacterAndWritesNothing(String reason) {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture refused = channel.write(head(200, "Content-Length", "0").withReason(reason));
        channel.flush();
        assertRefused(EncodeError.INVALID_REASON_PHRASE, refused);
        assertTrue(channel.outboundMessages().isEmpty());
        // The encoder still awaits a head: the caller can answer with another one.
        channel.writeOutbound(head(500, "Content-Length", "0"), EndOfResponse.NO_TRAILERS);
        assertTrue(drain(channel).startsWith("HTTP/1.1 500 Internal Server Error\r\n"));
        assertFalse(channel.finishAndReleaseAll());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 99, 1000, 12345})
    void refusesStatusCodesOutside100To999(int status) {
        assertThrows(IllegalArgumentException.class,
                () -> new ResponseHead(status, null, new Headers(), "GET", HttpVersion.HTTP_1_1));
        assertThrows(IllegalArgumentException.class, () -> new InformationalResponse(status, Headers.empty()));
    }

    @Test
    void keepsInformationalCodesOutOfResponseHeadsAndFinalCodesOutOfInformationalResponses() {
        assertThrows(IllegalArgumentException.class,
                () -> new ResponseHead(100, null, new Headers(), "GET", HttpVersion.HTTP_1_1));
        assertThrows(IllegalArgumentException.class, () -> new InformationalResponse(101, Headers.empty()));
        assertThrows(IllegalArgumentException.class, () -> new InformationalResponse(200, Headers.empty()));
    }

    @Test
    void encodesEveryRegisteredCodeWithItsPhrase() {
        for (HttpStatus status : HttpStatus.values()) {
            LineBuffer out = new LineBuffer();
            StatusLine.write(out, status.code(), status.reasonPhrase());
            assertEquals("HTTP/1.1 " + status.code() + " " + status.reasonPhrase() + "\r\n",
                    new String(out.array(), 0, out.length(), StandardCharsets.US_ASCII));
            assertEquals(status.reasonPhrase(), HttpStatus.reasonPhrase(status.code()));
        }
        assertEquals("", HttpStatus.reasonPhrase(1000));
        assertEquals("", HttpStatus.reasonPhrase(42));
    }
}
