package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.EndOfResponse;
import dev.h1.codec.Expectation;
import dev.h1.codec.Framing;
import dev.h1.codec.Headers;
import dev.h1.codec.HttpStatus;
import dev.h1.codec.HttpVersion;
import dev.h1.codec.RequestHead;
import dev.h1.codec.ResponseContent;
import dev.h1.codec.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static dev.h1.codec.encoder.Wire.DATE;
import static dev.h1.codec.encoder.Wire.assertRefused;
import static dev.h1.codec.encoder.Wire.content;
import static dev.h1.codec.encoder.Wire.drain;
import static dev.h1.codec.encoder.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wire bytes of each body framing (RFC 9112 §6, §7.1), including the errors that close the connection. */
class FramingTest {

    @Test
    void passesAContentLengthBodyUnchanged() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Content-Length", "11"), content("hello"), content(" world"),
                EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n" + DATE + "\r\nhello world", drain(channel));
        assertTrue(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void chunksABodyWithoutLengthForAnHttp11Request() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Content-Type", "text/plain"), content("hello"), content(" world"),
                EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesChunkSizesInLowerCaseHex() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200), content(300, 'a'), content(16, 'b'), content(4096, 'c'),
                EndOfResponse.NO_TRAILERS);
        String body = drain(channel).split("\r\n\r\n", 2)[1];
        assertEquals("12c\r\n" + "a".repeat(300) + "\r\n10\r\n" + "b".repeat(16) + "\r\n1000\r\n" + "c".repeat(4096)
                + "\r\n0\r\n\r\n", body);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void neverWritesEmptyContentAsAChunk() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200), content(""), content("a"), content(""), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n1\r\na\r\n0\r\n\r\n",
                drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void keepsAGivenChunkedTransferEncodingWithoutAddingAnother() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Transfer-Encoding", "gzip, chunked"), content("zz"),
                EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n" + DATE + "\r\n2\r\nzz\r\n0\r\n\r\n",
                drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesTrailersAfterTheLastChunk() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Trailer", "Checksum"), content("abc"),
                new EndOfResponse(new Headers().add("Checksum", "900150983cd24fb0").add("X-Done", "yes")));
        assertEquals("HTTP/1.1 200 OK\r\nTrailer: Checksum\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n"
                + "3\r\nabc\r\n0\r\nChecksum: 900150983cd24fb0\r\nX-Done: yes\r\n\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesTrailersOnAContentLengthResponse() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Content-Length", "1"), content("a"));
        drain(channel);
        ChannelFuture refused = channel.write(new EndOfResponse(new Headers().add("X-Late", "1")));
        channel.flush();
        assertRefused(EncodeError.TRAILERS_NOT_ALLOWED, refused);
        assertTrue(channel.outboundMessages().isEmpty());
        channel.writeOutbound(EndOfResponse.NO_TRAILERS);
        assertEquals("", drain(channel));
        assertTrue(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesFramingFieldsAsTrailers() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200));
        drain(channel);
        ChannelFuture refused = channel.write(new EndOfResponse(new Headers().add("Content-Length", "5")));
        assertRefused(EncodeError.TRAILERS_NOT_ALLOWED, refused);
        channel.writeOutbound(EndOfResponse.NO_TRAILERS);
        assertEquals("0\r\n\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void delimitsABodyWithoutLengthByClosingForAnHttp10Request() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head("GET", HttpVersion.HTTP_1_0, 200), content("raw "), content("bytes"));
        assertEquals("HTTP/1.1 200 OK\r\nConnection: close\r\n" + DATE + "\r\nraw bytes", drain(channel));
        ChannelFuture end = channel.write(EndOfResponse.NO_TRAILERS);
        assertTrue(channel.isOpen(), "the encoder does not flush: the caller does, then the connection closes");
        channel.flush();
        assertTrue(end.isSuccess());
        assertFalse(channel.isOpen());
        assertEquals("", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void doesNotRepeatAGivenConnectionClose() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head("GET", HttpVersion.HTTP_1_0, 200, "Connection", "close"), content("x"),
                EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nConnection: close\r\n" + DATE + "\r\nx", drain(channel));
        assertFalse(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void framesAnHttp10ResponseWithContentLengthAndKeepsTheConnection() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head("GET", HttpVersion.HTTP_1_0, 200, "Content-Length", "2"), content("ok"),
                EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + DATE + "\r\nok", drain(channel));
        assertTrue(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesWritesAfterTheResponseThatClosesTheConnection() {
        EmbeddedChannel channel = Wire.channel();
        channel.write(head("GET", HttpVersion.HTTP_1_0, 200));
        channel.write(EndOfResponse.NO_TRAILERS);
        ChannelFuture refused = channel.write(head(200, "Content-Length", "0"));
        assertRefused(EncodeError.CONNECTION_CLOSING, refused);
        channel.flush();
        assertEquals("HTTP/1.1 200 OK\r\nConnection: close\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void keepsTheContentLengthOfAHeadResponseAndWritesNoBody() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head("HEAD", HttpVersion.HTTP_1_1, 200, "Content-Length", "42"), content(""),
                EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 42\r\n" + DATE + "\r\n", drain(channel));
        assertTrue(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void addsNoFramingToAHeadResponseWithoutLength() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head("HEAD", HttpVersion.HTTP_1_0, 200), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\n" + DATE + "\r\n", drain(channel));
        assertTrue(channel.isOpen(), "a HEAD response has no body to delimit by closing");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesContentForAHeadResponseAndReleasesIt() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head("HEAD", HttpVersion.HTTP_1_1, 200, "Content-Length", "5"));
        drain(channel);
        ResponseContent body = content("hello");
        ByteBuf bytes = body.content();
        ChannelFuture refused = channel.write(body);
        channel.flush();
        assertRefused(EncodeError.BODY_NOT_ALLOWED, refused);
        assertEquals(0, bytes.refCnt());
        assertTrue(channel.outboundMessages().isEmpty());
        assertTrue(channel.isOpen());
        channel.writeOutbound(EndOfResponse.NO_TRAILERS);
        assertEquals("", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writesA204WithoutFraming() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(204), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\n" + DATE + "\r\n", drain(channel));
        ChannelFuture refused = channel.write(head(204, "Content-Length", "0"));
        assertRefused(EncodeError.FRAMING_NOT_ALLOWED, refused);
        refused = channel.write(head(204, "Transfer-Encoding", "chunked"));
        assertRefused(EncodeError.FRAMING_NOT_ALLOWED, refused);
        channel.flush();
        assertTrue(channel.outboundMessages().isEmpty());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesContentForA204() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(204));
        drain(channel);
        assertRefused(EncodeError.BODY_NOT_ALLOWED, channel.write(content("x")));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void keepsTheContentLengthOfA304AndWritesNoBody() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(304, "ETag", "\"v1\"", "Content-Length", "1234"), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 1234\r\n" + DATE + "\r\n",
                drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void treatsZeroLengthWritesAsNoOpsInEveryFraming() {
        EmbeddedChannel fixed = Wire.channel();
        fixed.writeOutbound(head(200, "Content-Length", "0"), content(""), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" + DATE + "\r\n", drain(fixed));
        assertTrue(fixed.isOpen());
        assertFalse(fixed.finishAndReleaseAll());

        EmbeddedChannel chunked = Wire.channel();
        chunked.writeOutbound(head(200), content(""), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n0\r\n\r\n", drain(chunked));
        assertFalse(chunked.finishAndReleaseAll());

        EmbeddedChannel closing = Wire.channel();
        closing.writeOutbound(head("GET", HttpVersion.HTTP_1_0, 200), content(""), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nConnection: close\r\n" + DATE + "\r\n", drain(closing));
        assertFalse(closing.finishAndReleaseAll());

        EmbeddedChannel none = Wire.channel();
        none.writeOutbound(head(204), content(""), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 204 No Content\r\n" + DATE + "\r\n", drain(none));
        assertFalse(none.finishAndReleaseAll());
    }

    @Test
    void refusesContentBeyondTheDeclaredLengthAndClosesAfterFlushing() {
        EmbeddedChannel channel = Wire.channel();
        channel.write(head(200, "Content-Length", "3"));
        ChannelFuture accepted = channel.write(content("ab"));
        ResponseContent excess = content("cd");
        ByteBuf bytes = excess.content();
        ChannelFuture refused = channel.write(excess);
        assertRefused(EncodeError.BODY_TOO_LONG, refused);
        assertEquals(0, bytes.refCnt());
        // No flush from the caller: the encoder flushed what was written before the excess, then closed.
        assertTrue(accepted.isSuccess());
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n" + DATE + "\r\nab", drain(channel));
        assertFalse(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void keepsTheBytesBeforeARefusalEvenIfItsListenerClosesTheChannel() {
        EmbeddedChannel channel = Wire.channel();
        channel.write(head(200, "Content-Length", "3"));
        channel.write(content("ab"));
        ChannelPromise refused = channel.newPromise();
        refused.addListener(future -> channel.close());
        channel.write(content("cd"), refused);
        assertRefused(EncodeError.BODY_TOO_LONG, refused);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n" + DATE + "\r\nab", drain(channel));
        assertFalse(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void endingShortOfTheDeclaredLengthFlushesThenClosesAndFailsTheEnd() {
        EmbeddedChannel channel = Wire.channel();
        channel.write(head(200, "Content-Length", "5"));
        channel.write(content("abc"));
        ChannelFuture end = channel.write(EndOfResponse.NO_TRAILERS);
        assertRefused(EncodeError.BODY_TOO_SHORT, end);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n" + DATE + "\r\nabc", drain(channel));
        assertFalse(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesAHeadWithBothContentLengthAndTransferEncoding() {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture refused = channel.write(head(200, "Content-Length", "1", "Transfer-Encoding", "chunked"));
        assertRefused(EncodeError.CONFLICTING_FRAMING, refused);
        channel.flush();
        assertTrue(channel.outboundMessages().isEmpty());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesTransferEncodingToAnHttp10Request() {
        EmbeddedChannel channel = Wire.channel();
        ChannelFuture refused = channel.write(head("GET", HttpVersion.HTTP_1_0, 200, "Transfer-Encoding", "chunked"));
        assertRefused(EncodeError.INVALID_TRANSFER_ENCODING, refused);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesMessagesOutOfOrderAndReleasesThem() {
        EmbeddedChannel channel = Wire.channel();
        assertRefused(EncodeError.UNEXPECTED_MESSAGE, channel.write(EndOfResponse.NO_TRAILERS));
        ByteBuf raw = Unpooled.copiedBuffer(new byte[] {'x'});
        assertRefused(EncodeError.UNEXPECTED_MESSAGE, channel.write(raw));
        assertEquals(0, raw.refCnt());
        channel.write(head(200));
        assertRefused(EncodeError.UNEXPECTED_MESSAGE, channel.write(head(200)));
        channel.flush();
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void learnsMethodAndVersionFromTheRequestTheHeadAnswers() {
        RequestHead request = new RequestHead("HEAD", "/", HttpVersion.HTTP_1_0, new Headers(), Framing.NONE, -1,
                false, Expectation.NONE, false);
        ResponseHead head = ResponseHead.forRequest(request, HttpStatus.OK);
        head.headers().add("Content-Length", "7");
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head, EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n" + DATE + "\r\n", drain(channel));
        assertTrue(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void acceptsVoidPromises() {
        EmbeddedChannel channel = Wire.channel();
        channel.write(head(200), channel.voidPromise());
        channel.write(content("a"), channel.voidPromise());
        channel.write(content(2000, 'b'), channel.voidPromise());
        channel.writeAndFlush(EndOfResponse.NO_TRAILERS, channel.voidPromise());
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n1\r\na\r\n7d0\r\n"
                + "b".repeat(2000) + "\r\n0\r\n\r\n", drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    /**
     * The pieces of a batch go out in one buffer, so a promise cancelled between its write and the flush cannot take
     * its piece back without breaking the framing: the batch is written whole, and the other writers' bytes with it.
     */
    @Test
    void aPromiseCancelledBeforeTheFlushDoesNotDropTheBatch() {
        EmbeddedChannel channel = Wire.channel();
        channel.write(head(200, "Content-Length", "2"), channel.voidPromise());
        ChannelPromise cancelled = channel.newPromise();
        channel.write(content("ab"), cancelled);
        assertTrue(cancelled.cancel(false));
        channel.writeAndFlush(EndOfResponse.NO_TRAILERS, channel.voidPromise());
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + DATE + "\r\nab", drain(channel));
        assertTrue(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void servesPipelinedResponsesOneAfterAnother() {
        EmbeddedChannel channel = Wire.channel();
        channel.writeOutbound(head(200, "Content-Length", "1"), content("a"), EndOfResponse.NO_TRAILERS,
                head("HEAD", HttpVersion.HTTP_1_1, 200), EndOfResponse.NO_TRAILERS,
                head(200), content("b"), EndOfResponse.NO_TRAILERS);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n" + DATE + "\r\na"
                + "HTTP/1.1 200 OK\r\n" + DATE + "\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + DATE + "\r\n1\r\nb\r\n0\r\n\r\n",
                drain(channel));
        assertNull(channel.readOutbound());
        assertFalse(channel.finishAndReleaseAll());
    }
}
