package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.EndOfResponse;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.InformationalResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.h1.codec.encoder.Wire.DATE;
import static dev.h1.codec.encoder.Wire.assertRefused;
import static dev.h1.codec.encoder.Wire.content;
import static dev.h1.codec.encoder.Wire.drain;
import static dev.h1.codec.encoder.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Interim 1xx responses before the final one (RFC 9110 §15.2), and 103 Early Hints (RFC 8297). */
class InformationalResponseTest {

    @Test
    void writes100ContinueFromTheSharedConstant() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(InformationalResponse.CONTINUE);
        ByteBuf wire = channel.readOutbound();
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n", wire.toString(StandardCharsets.US_ASCII));
        assertTrue(wire.isReadOnly(), "a duplicate of the read-only constant");
        assertFalse(wire.release(), "the constant is unreleasable");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writes100ThenTheFinalResponse() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(InformationalResponse.CONTINUE);
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n", drain(channel));
        channel.writeOutbound(head(201, "Content-Length", "2"), content("ok"), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n" + DATE + "\r\nok", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void batches100WithTheFinalResponseWhenNotFlushedBetween() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(204), EndOfResponse.NO_TRAILERS);
        drain(channel);
        channel.write(head(200, "Content-Length", "0"));
        channel.write(EndOfResponse.NO_TRAILERS);
        channel.write(InformationalResponse.CONTINUE);
        channel.flush();
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" + DATE + "\r\nHTTP/1.1 100 Continue\r\n\r\n",
                drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writes103EarlyHintsWithLinkFieldsThenTheFinalResponse() {
        EmbeddedChannel channel = Wire.channel();
        Headers links = new Headers()
                .add("Link", "</style.css>; rel=preload; as=style")
                .add("Link", "</script.js>; rel=preload; as=script");
        channel.writeOutbound(InformationalResponse.earlyHints(links));
        assertEquals("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n"
                + "Link: </script.js>; rel=preload; as=script\r\n\r\n", drain(channel));
        channel.writeOutbound(head(200, "Content-Length", "0"), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesFramingFieldsOnAnInformationalResponse() {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture refused = channel.write(new InformationalResponse(103, new Headers().add("Content-Length", "0")));
        assertRefused(EncodeError.FRAMING_NOT_ALLOWED, refused);
        channel.flush();
        assertTrue(channel.outboundMessages().isEmpty());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesAnInformationalResponseAfterTheFinalHead() {
        EmbeddedChannel channel = Wire.channel();
        channel.write(head(200));
        assertRefused(EncodeError.UNEXPECTED_MESSAGE, channel.write(InformationalResponse.CONTINUE));
        channel.flush();
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refuses101ToAnHttp10Request() {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture refused = channel.write(head("GET", HttpVersion.HTTP_1_0, 101, "Upgrade", "x"));
        assertRefused(EncodeError.STATUS_NOT_ALLOWED, refused);
        assertFalse(channel.finishAndReleaseAll());
    }
}
