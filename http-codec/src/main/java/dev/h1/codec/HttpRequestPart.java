package dev.h1.codec;

/**
 * One of the typed messages that {@link dev.h1.codec.decoder.RequestDecoder} emits, in this order for each request:
 * one {@link RequestHead}, zero or more {@link BodyChunk}s, one {@link EndOfBody}; or, at any point, one
 * {@link DecodeFailure} after which nothing more is emitted. Only {@link BodyChunk} is reference-counted.
 */
public sealed interface HttpRequestPart permits RequestHead, BodyChunk, EndOfBody, DecodeFailure {
}
