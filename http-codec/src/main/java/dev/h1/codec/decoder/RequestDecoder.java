package dev.h1.codec.decoder;

import dev.h1.codec.BodyChunk;
import dev.h1.codec.DecodeFailure;
import dev.h1.codec.DecoderConfig;
import dev.h1.codec.EndOfBody;
import dev.h1.codec.Framing;
import dev.h1.codec.Headers;
import dev.h1.codec.ParseError;
import dev.h1.codec.RequestHead;
import dev.h1.codec.RequestStarted;
import dev.h1.codec.UpgradePolicy;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.Objects;

/**
 * Decodes HTTP/1.1 requests strictly per RFC 9112 / RFC 9110 into typed messages: per request one
 * {@link RequestHead}, zero or more {@link BodyChunk}s and one {@link EndOfBody}; or one {@link DecodeFailure}.
 *
 * <pre>
 * ChannelPipeline p = ch.pipeline();
 * p.addLast("h1-decoder", new RequestDecoder(DecoderConfig.defaults()));
 * p.addLast("app", handler); // receives RequestHead, BodyChunk, EndOfBody, DecodeFailure
 * </pre>
 *
 * <p><b>Behaviour.</b> Several requests in one buffer decode in order, and a request split across any number of
 * reads decodes identically. Every limit of {@link DecoderConfig} is enforced before more than the limit is
 * buffered. After a {@link DecodeFailure} (emitted once) and after a request that does not keep the connection alive,
 * every further byte is discarded: the connection is to be closed once the response is written (RFC 9112 §9.6).
 * After an upgrade request (with {@link UpgradePolicy#PASS_THROUGH}) or a CONNECT request, and its body, the decoder
 * stops parsing HTTP and passes every later byte on untouched as a plain {@link ByteBuf}; when it is removed from the
 * pipeline, bytes it still buffers are handed to the next handler. When the input ends inside a request, a
 * {@link ParseError#TRUNCATED_MESSAGE} failure is emitted.
 *
 * <p><b>Request start.</b> When the first byte of a new request arrives (any byte while a request is awaited, the
 * empty lines before a request line included), the decoder fires the user event {@link RequestStarted#INSTANCE},
 * once per request and after every message of the previous request. A server starts the deadline for the head
 * there. Pipelines that ignore it lose nothing.
 *
 * <p><b>Pipeline position.</b> Inbound, right after the transport (or after a TLS or logging handler that passes
 * {@link ByteBuf}s on), before every handler that reads requests.
 *
 * <p><b>Threading.</b> One instance per channel (not {@code @Sharable}); used only on the channel's event loop.
 *
 * <p><b>Buffers.</b> The decoder never copies body bytes: each {@link BodyChunk} holds a retained slice of the
 * received buffer, and so does each pass-through {@link ByteBuf}; the receiver owns and releases them. The other
 * messages hold no buffers. The input buffers belong to {@link ByteToMessageDecoder}.
 */
public final class RequestDecoder extends ByteToMessageDecoder {

    /** What the decoder awaits next. */
    enum State {
        /** The first byte of the next request, whose arrival is announced with {@link RequestStarted}. */
        REQUEST_START,
        REQUEST_LINE, HEADERS, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_CRLF, TRAILERS,
        /** After a failure or a connection-closing request: input is dropped. */
        DISCARD,
        /** After an upgrade or CONNECT request: input is passed on untouched. */
        UPGRADED
    }

    private final DecoderConfig config;
    /** The copy of the input that the line readers scan; every byte is consumed through it. */
    private final HeadBytes bytes = new HeadBytes();
    private final RequestLineReader requestLine;
    private final FieldSectionReader fieldSection;
    private final ChunkSizeReader chunkSize;
    private final HeadAssembler assembler;

    private State state = State.REQUEST_START;
    private RequestHead head;
    /** Bytes left in the fixed-length body or in the current chunk. */
    private long remaining;
    /** Bytes of chunk data announced so far, for {@link DecoderConfig#maxBodyBytes()}. */
    private long chunkedBytes;
    /** The Content-Length declared so far in this head, to reject a repeated one as soon as it arrives. */
    private long declaredLength = -1;

    /** A decoder with {@link DecoderConfig#defaults()}. */
    public RequestDecoder() {
        this(DecoderConfig.defaults());
    }

    /**
     * A decoder with the given limits and policies.
     *
     * @param config the limits, leniencies and upgrade policy
     */
    public RequestDecoder(DecoderConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.requestLine = new RequestLineReader(config.maxRequestLineBytes(), bytes);
        this.fieldSection = new FieldSectionReader(config.maxHeaderSectionBytes(), config.maxHeaderCount(), bytes);
        this.chunkSize = new ChunkSizeReader(config.maxChunkLineBytes(), bytes);
        this.assembler = new HeadAssembler(config);
    }

    /**
     * Runs the state machine while it makes progress, so that a whole request that has arrived (line, fields, body)
     * is decoded in one call rather than one step per call of {@link ByteToMessageDecoder}'s loop. It stops early
     * at the start of a next request whose predecessor's messages are still in {@code out} (see
     * {@link #readRequestStart}), and when a handler removed the decoder in reaction to {@link RequestStarted}.
     */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            State before;
            int readable;
            do {
                before = state;
                readable = in.readableBytes();
                step(ctx, in, out);
            } while (in.isReadable() && (state != before || in.readableBytes() != readable) && !ctx.isRemoved());
        } catch (ParseFailure failure) {
            fail(failure.toMessage(), in, out);
        }
    }

    private void step(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case REQUEST_START -> readRequestStart(ctx, out);
            case REQUEST_LINE -> readRequestLine(in);
            case HEADERS -> readHeaders(in, out);
            case FIXED_BODY -> readFixedBody(in, out);
            case CHUNK_SIZE -> readChunkSize(in);
            case CHUNK_DATA -> readChunkData(in, out);
            case CHUNK_DATA_CRLF -> readChunkDataCrlf(in);
            case TRAILERS -> readTrailers(in, out);
            case DISCARD -> bytes.skip(in, in.readableBytes());
            case UPGRADED -> out.add(bytes.readRetainedSlice(in, in.readableBytes()));
        }
    }

    /** Between reads the decoder keeps its copy of the input only if a request is still incomplete in it. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        bytes.release();
        super.channelReadComplete(ctx);
    }

    /** RFC 9112 §8: a connection that closes inside a request leaves it incomplete. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.isReadable()) {
            decode(ctx, in, out);
        }
        boolean insideRequest = switch (state) {
            case REQUEST_START -> in.isReadable();
            case REQUEST_LINE -> in.isReadable() || requestLine.isStarted();
            case DISCARD, UPGRADED -> false;
            default -> true;
        };
        if (insideRequest) {
            fail(new DecodeFailure(ParseError.TRUNCATED_MESSAGE, "connection closed inside a request"), in, out);
        }
    }

    private void fail(DecodeFailure failure, ByteBuf in, List<Object> out) {
        out.add(failure);
        bytes.skip(in, in.readableBytes());
        state = State.DISCARD;
    }

    /**
     * Announces the request that the readable bytes start. The event must reach the next handler after the messages
     * of the previous request, which are still in {@code out} when both requests came in one read: then this step
     * makes no progress, {@code decode} returns, {@link ByteToMessageDecoder} fires those messages and calls
     * {@code decode} again, which announces the request with {@code out} empty.
     */
    private void readRequestStart(ChannelHandlerContext ctx, List<Object> out) {
        if (!out.isEmpty()) {
            return;
        }
        state = State.REQUEST_LINE;
        ctx.fireUserEventTriggered(RequestStarted.INSTANCE);
    }

    private void readRequestLine(ByteBuf in) {
        if (requestLine.read(in)) {
            state = State.HEADERS;
        }
    }

    private void readHeaders(ByteBuf in, List<Object> out) {
        while (true) {
            switch (fieldSection.read(in)) {
                case NEED_MORE -> {
                    return;
                }
                case FIELD -> checkContentLengthEarly();
                case END -> {
                    onHeadComplete(out);
                    return;
                }
            }
        }
    }

    /**
     * Rejects a malformed or repeated Content-Length as soon as its line arrives (RFC 9112 §6.3(5), RFC 9110 §8.6),
     * rather than after the whole head; {@link BodyFraming} still decides the framing from the complete head.
     */
    private void checkContentLengthEarly() {
        if (fieldSection.lastMarks() != FieldMarks.CONTENT_LENGTH) {
            return;
        }
        Headers fields = fieldSection.fields();
        int last = fields.size() - 1;
        long length = BodyFraming.parseContentLength(fields.value(last), config);
        BodyFraming.Invalid invalid = BodyFraming.checkContentLength(declaredLength, length, config);
        if (invalid != null) {
            throw ParseFailure.of(invalid.error(), invalid.detail());
        }
        declaredLength = length;
    }

    private void onHeadComplete(List<Object> out) {
        Headers fields = fieldSection.fields();
        if (fields == null) {
            fields = new Headers();
        }
        head = assembler.assemble(requestLine.method(), requestLine.target(), requestLine.version(), fields,
                fieldSection.marks());
        out.add(head);
        if (head.framing() == Framing.CHUNKED) {
            state = State.CHUNK_SIZE;
        } else if (head.contentLength() > 0) {
            remaining = head.contentLength();
            state = State.FIXED_BODY;
        } else {
            endMessage(EndOfBody.NO_TRAILERS, out);
        }
    }

    private void readFixedBody(ByteBuf in, List<Object> out) {
        if (readBodyPiece(in, out) && remaining == 0) {
            endMessage(EndOfBody.NO_TRAILERS, out);
        }
    }

    private void readChunkSize(ByteBuf in) {
        if (!chunkSize.read(in)) {
            return;
        }
        long size = chunkSize.size();
        if (size == 0) {
            fieldSection.reset(); // trailer fields are created only if one arrives: most chunked bodies have none
            state = State.TRAILERS;
            return;
        }
        if (size > config.maxBodyBytes() - chunkedBytes) {
            throw ParseFailure.of(ParseError.CONTENT_TOO_LARGE, "chunked body exceeds the limit");
        }
        chunkedBytes += size;
        remaining = size;
        state = State.CHUNK_DATA;
    }

    private void readChunkData(ByteBuf in, List<Object> out) {
        if (readBodyPiece(in, out) && remaining == 0) {
            state = State.CHUNK_DATA_CRLF;
        }
    }

    private void readChunkDataCrlf(ByteBuf in) {
        if (chunkSize.readDataEnd(in)) {
            state = State.CHUNK_SIZE;
        }
    }

    private void readTrailers(ByteBuf in, List<Object> out) {
        while (true) {
            switch (fieldSection.read(in)) {
                case NEED_MORE -> {
                    return;
                }
                case FIELD -> {
                    // RFC 9110 §6.5.1: trailer fields never change the framing; they are only collected.
                }
                case END -> {
                    Headers trailers = fieldSection.fields();
                    endMessage(trailers == null ? EndOfBody.NO_TRAILERS : new EndOfBody(trailers), out);
                    return;
                }
            }
        }
    }

    /** Emits the next body piece (a retained slice, never a copy); returns whether it emitted one. */
    private boolean readBodyPiece(ByteBuf in, List<Object> out) {
        int length = (int) Math.min(Math.min(remaining, in.readableBytes()), config.maxBodyPieceBytes());
        if (length == 0) {
            return false;
        }
        out.add(new BodyChunk(bytes.readRetainedSlice(in, length)));
        remaining -= length;
        return true;
    }

    private void endMessage(EndOfBody end, List<Object> out) {
        out.add(end);
        if (head.isConnect() || (head.isUpgrade() && config.upgradePolicy() == UpgradePolicy.PASS_THROUGH)) {
            state = State.UPGRADED;
        } else if (!head.isKeepAlive()) {
            // RFC 9112 §9.6: the server closes after responding and SHOULD NOT process further requests.
            state = State.DISCARD;
        } else {
            startNextMessage();
        }
    }

    private void startNextMessage() {
        state = State.REQUEST_START;
        requestLine.reset();
        fieldSection.reset();
        chunkSize.reset();
        head = null;
        remaining = 0;
        chunkedBytes = 0;
        declaredLength = -1;
    }

    /**
     * Whether part of a request that is not complete yet has been received: its head or body is still awaited. A
     * connection handler uses it to tell an idle connection from one whose next request has started (for example in
     * the same read as the previous request), to pick the right timeout. It agrees with {@link RequestStarted}: it is
     * true from the first byte of a request, an empty line before its request line included, whether or not the event
     * has been fired yet. Call it on the event loop.
     *
     * @return true between the first byte of a request and the end of its body
     */
    public boolean isInsideRequest() {
        return switch (state) {
            // Bytes of a next request that came in the same read as the previous one wait in the cumulation until
            // ByteToMessageDecoder has passed on the previous request's messages; they are received all the same.
            case REQUEST_START -> actualReadableBytes() > 0;
            case DISCARD, UPGRADED -> false;
            default -> true;
        };
    }

    @Override
    public String toString() {
        return "RequestDecoder(" + state + ')';
    }
}
