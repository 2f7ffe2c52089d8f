package dev.h1.codec.encoder;

import dev.h1.codec.EncodeError;
import dev.h1.codec.Headers;
import dev.h1.codec.ResponseEncodeException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

/**
 * The chunked transfer coding (RFC 9112 §7.1): each piece becomes {@code hex-size CRLF data CRLF}, and the end is
 * {@code 0 CRLF [trailer fields] CRLF}. Content is never copied into a chunk unless it is small.
 */
enum Chunked implements BodyEncoder {
    /** The encoder chose chunked for a response without a length, and adds {@code Transfer-Encoding: chunked}. */
    ANNOUNCED(WireConstants.TRANSFER_ENCODING_CHUNKED),
    /** The head already carries a Transfer-Encoding ending in chunked. */
    GIVEN(WireConstants.NO_FIELDS);

    /** The longest chunk-size line: 16 hex digits of a {@code long} size and CRLF. */
    private static final int MAX_SIZE_LINE_BYTES = 18;
    private static final byte[] HEX = WireConstants.ascii("0123456789abcdef");

    private final byte[] addedFields;

    Chunked(byte[] addedFields) {
        this.addedFields = addedFields;
    }

    @Override
    public byte[] addedFields() {
        return addedFields;
    }

    @Override
    public void content(ChannelHandlerContext ctx, WriteBatch out, ByteBuf content, ChannelPromise promise) {
        int bytes = content.readableBytes();
        writeSizeLine(out.open(ctx, MAX_SIZE_LINE_BYTES + Math.min(bytes, WriteBatch.MAX_COPY_BYTES) + 2), bytes);
        out.content(ctx, content, null);
        out.constant(ctx, WireConstants.CRLF, promise);
    }

    @Override
    public void region(ChannelHandlerContext ctx, WriteBatch out, FileRegion region, ChannelPromise promise) {
        writeSizeLine(out.open(ctx, MAX_SIZE_LINE_BYTES), region.count());
        out.passOn(ctx, region, null);
        out.constant(ctx, WireConstants.CRLF, promise);
    }

    @Override
    public Ending checkEnd(Headers trailers) {
        FieldSyntax.checkFields(trailers);
        // RFC 9110 §6.5.1: fields that frame the message must not be sent as trailers; the body is already framed.
        if (trailers.contains("Content-Length") || trailers.contains("Transfer-Encoding")) {
            throw new ResponseEncodeException(EncodeError.TRAILERS_NOT_ALLOWED,
                    "Content-Length and Transfer-Encoding cannot be trailer fields");
        }
        return Ending.COMPLETE;
    }

    @Override
    public void writeEnd(ChannelHandlerContext ctx, WriteBatch out, Headers trailers, ChannelPromise promise) {
        if (trailers.isEmpty()) {
            out.constant(ctx, WireConstants.LAST_CHUNK, promise);
            return;
        }
        LineBuffer end = out.lines();
        end.write(WireConstants.LAST_CHUNK_LINE);
        HeadWriter.writeFields(end, trailers);
        end.crlf();
        out.appendLines(ctx, promise);
    }

    /** RFC 9112 §7.1: {@code chunk-size = 1*HEXDIG}, lower-case, no leading zeros, no chunk extensions. */
    private static void writeSizeLine(ByteBuf out, long size) {
        int shift = (63 - Long.numberOfLeadingZeros(size)) & ~3;
        for (; shift >= 0; shift -= 4) {
            out.writeByte(HEX[(int) (size >>> shift) & 0xf]);
        }
        out.writeShort(WireConstants.CRLF_SHORT);
    }
}
