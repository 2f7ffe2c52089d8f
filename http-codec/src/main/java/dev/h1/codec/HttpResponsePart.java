package dev.h1.codec;

/**
 * One of the typed messages that {@link dev.h1.codec.encoder.ResponseEncoder} turns into bytes, in this order for each
 * exchange: any number of {@link InformationalResponse}s, one {@link ResponseHead}, zero or more
 * {@link ResponseContent}s (or {@link io.netty.channel.FileRegion}s), one {@link EndOfResponse}; or, for a
 * response written whole, one {@link FullResponse} in place of the head, its content and its end.
 *
 * <pre>
 * p.addLast(new RequestDecoder(), new ResponseEncoder(), app);   // app writes HttpResponseParts
 * </pre>
 *
 * <p>Threading: write them from any thread (Netty hands the write to the event loop), but do not touch a message
 * after writing it. Ownership: only {@link ResponseContent} and {@link FullResponse} are reference-counted;
 * writing one hands its reference to the encoder.
 */
public sealed interface HttpResponsePart permits InformationalResponse, ResponseHead, ResponseContent, EndOfResponse,
        FullResponse {
}
