/**
 * Response compression: {@link dev.h1.server.compression.ResponseCompressor}, the handler the pipeline installer adds
 * between the response encoder and the connection when {@link dev.h1.server.ConnectionConfig#compression()} is set.
 * It negotiates a content coding per request ({@code AcceptEncoding}), decides per response whether to compress
 * ({@code Decision}), rewrites the head's representation fields ({@code EncodedFields}) and compresses the body piece
 * by piece ({@code CompressedBody}). Not exported: an implementation package, like {@code connection} and
 * {@code exchange}.
 *
 * <p><b>Threading.</b> Everything runs on the channel's event loop. <b>Buffers.</b> Content handed to the compressor is
 * released once compressed; the compressed pieces are new pooled buffers written on to the encoder.
 */
package dev.h1.server.compression;
