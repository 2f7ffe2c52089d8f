package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.EncoderConfig;
import dev.h1.codec.EndOfResponse;
import dev.h1.codec.Headers;
import dev.h1.codec.InformationalResponse;
import dev.h1.codec.ResponseContent;
import dev.h1.codec.ResponseEncodeException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static dev.h1.codec.encoder.Wire.DATE;
import static dev.h1.codec.encoder.Wire.assertRefused;
import static dev.h1.codec.encoder.Wire.content;
import static dev.h1.codec.encoder.Wire.drain;
import static dev.h1.codec.encoder.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outbound fields cannot split a response: names are tokens (RFC 9110 §5.1), values hold no CR, LF, NUL (§5.5). */
class FieldValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "Bad Name", "Bad:Name", "X\r\nInjected", "Tab\tName", "(comment)", "Na\u00efve",
            "Slash/Name", "Quote\"", "Brace{"})
    void refusesAFieldNameThatIsNotATokenAndWritesNothing(String name) {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture refused = channel.write(head(200, "Content-Length", "0", name, "v"));
        channel.flush();
        assertRefused(EncodeError.INVALID_FIELD_NAME, refused);
        assertTrue(channel.outboundMessages().isEmpty());
        assertFalse(channel.finishAndReleaseAll());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\r\nSet-Cookie: admin=1", "a\u0000b", "\r\n", "a\u0001b", "a\u001fb",
            "a\u007fb", "a\u20acb"})
    void refusesAFieldValueWithCrLfNulOrAnotherControlAndWritesNothing(String value) {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture refused = channel.write(head(200, "Content-Length", "0", "X-Value", value));
        channel.flush();
        ResponseEncodeException failure = assertRefused(EncodeError.INVALID_FIELD_VALUE, refused);
        assertTrue(failure.getMessage().contains("X-Value"), failure.getMessage());
        assertTrue(channel.outboundMessages().isEmpty());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void neverEchoesTheRefusedValueInTheException() {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture refused = channel.write(head(200, "X-Secret", "token\r\nInjected: yes"));
        ResponseEncodeException failure = assertRefused(EncodeError.INVALID_FIELD_VALUE, refused);
        assertFalse(failure.getMessage().contains("token"), failure.getMessage());
        assertTrue(failure.getMessage().contains("0x0D at index 5"), failure.getMessage());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void escapesControlsOfARefusedNameInTheException() {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture refused = channel.write(head(200, "X\r\nY", "v"));
        ResponseEncodeException failure = assertRefused(EncodeError.INVALID_FIELD_NAME, refused);
        assertTrue(failure.getMessage().contains("X\\x0D\\x0AY"), failure.getMessage());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesTabSpaceAndObsTextInValuesAsLatin1() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Content-Length", "0", "X-Text", "a\tb c\u00ff", "X-Empty", ""),
                EndOfResponse.NO_TRAILERS);
        ByteBuf wire = channel.readOutbound();
        String text = wire.toString(StandardCharsets.ISO_8859_1);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Text: a\tb c\u00ff\r\nX-Empty: \r\n" + DATE + "\r\n",
                text);
        assertEquals(0xff, wire.getUnsignedByte(text.indexOf('\u00ff')));
        wire.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesAHeadLargerThanTheLineBufferWholeAndTheSmallHeadAfterIt() {
        String big = "v".repeat(20_000);
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Content-Length", "0", "X-Big", big), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Big: " + big + "\r\n" + DATE + "\r\n",
                drain(channel));
        channel.writeOutbound(head(204), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesNothingOfAHeadRefusedAfterMuchOfItWasAssembled() {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture refused = channel.write(head(200, "Content-Length", "0", "X-Big", "v".repeat(2_000),
                "X-Bad", "a\nb"));
        channel.flush();
        assertRefused(EncodeError.INVALID_FIELD_VALUE, refused);
        assertTrue(channel.outboundMessages().isEmpty());
        channel.writeOutbound(head(200, "Content-Length", "0"), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void keepsFieldOrderAndCaseAsGiven() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "x-lower", "1", "Content-Length", "0", "X-UPPER", "2", "x-lower", "3"),
                EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nx-lower: 1\r\nContent-Length: 0\r\nX-UPPER: 2\r\nx-lower: 3\r\n" + DATE
                + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesAnInvalidTrailerAndReleasesNothingItWasNotGiven() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200), content("abc"));
        assertTrue(drain(channel).endsWith("3\r\nabc\r\n"));
        ChannelFuture refused = channel.write(new EndOfResponse(new Headers().add("X-Sum", "a\nb")));
        channel.flush();
        assertRefused(EncodeError.INVALID_FIELD_VALUE, refused);
        assertTrue(channel.outboundMessages().isEmpty());
        // Still awaiting the end of the body.
        channel.writeOutbound(EndOfResponse.NO_TRAILERS);
        assertEquals("0\r\n\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesAnInvalidInformationalField() {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture refused = channel.write(InformationalResponse.earlyHints(new Headers().add("Link", "<a>\r\n")));
        channel.flush();
        assertRefused(EncodeError.INVALID_FIELD_VALUE, refused);
        assertTrue(channel.outboundMessages().isEmpty());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void releasesContentItRefuses() {
        EmbeddedChannel channel = Wire.channel();
        ResponseContent early = content("too early");
        ByteBuf bytes = early.content();
        ChannelFuture refused = channel.write(early);
        assertRefused(EncodeError.UNEXPECTED_MESSAGE, refused);
        assertEquals(0, bytes.refCnt());
        assertFalse(channel.finishAndReleaseAll());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "h1\r\nX: y", "h1\u0000"})
    void refusesAnInvalidServerValueInTheConfig(String server) {
        assertThrows(IllegalArgumentException.class, () -> EncoderConfig.builder().server(server).build());
    }
}
