package dev.h1.tests.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.h1.codec.DecoderConfig;
import dev.h1.codec.Leniency;
import dev.h1.tests.conformance.Feed;
import dev.h1.tests.conformance.Printable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One fuzzer input, read from Jazzer's {@link FuzzedDataProvider}: the decoder configuration, how the bytes are cut
 * into reads, and the bytes themselves.
 *
 * <p>The provider takes numbers from the end of the raw input and the remaining bytes from its front, so a raw
 * input is laid out as {@code bytes, piece sizes (last piece first), piece count, rest flag, config index}, each
 * control value one byte. A seed made of an HTTP request followed by that tail ({@link #encode()}) reads back as
 * exactly that request, which keeps the committed seeds readable and lets the fuzzer mutate the cuts and the request
 * independently.
 *
 * @param bytes           the input, at most {@value #MAX_INPUT_BYTES} bytes
 * @param pieceSizes      sizes of the first reads, each 1 to {@value #MAX_PIECE_BYTES}; at most {@value #MAX_PIECES}
 * @param restByteByByte  whether the bytes after those pieces are written one per read, else in one read
 * @param configIndex     which of {@link #CONFIGS} decodes the input
 */
record FuzzInput(byte[] bytes, List<Integer> pieceSizes, boolean restByteByByte, int configIndex) {

    /** Caps the work per input: longer raw inputs are cut to this many bytes. */
    static final int MAX_INPUT_BYTES = 4096;
    static final int MAX_PIECES = 15;
    static final int MAX_PIECE_BYTES = 256;

    /**
     * The configurations the fuzzer picks from. PARSE_AS_HTTP is left out: the replay's message contract treats
     * every upgrade request as the end of HTTP.
     */
    static final List<DecoderConfig> CONFIGS = List.of(
            // 0: the corpus replay's configuration: llhttp's requests mostly lack Host, and this gets past the head.
            DecoderConfig.builder().allow(Leniency.MISSING_HOST).build(),
            // 1: the defaults, as a server runs them.
            DecoderConfig.defaults(),
            // 2: tiny limits, so that short inputs reach every limit (414, 431, 413, chunk line, body pieces).
            DecoderConfig.builder().allow(Leniency.MISSING_HOST).maxRequestLineBytes(40).maxHeaderSectionBytes(96)
                    .maxHeaderCount(3).maxChunkLineBytes(8).maxBodyPieceBytes(3).maxBodyBytes(64).build());

    FuzzInput {
        pieceSizes = List.copyOf(pieceSizes);
    }

    /** Reads an input in the order that {@link #encode()} writes it, from the end of the raw input. */
    static FuzzInput from(FuzzedDataProvider data) {
        int configIndex = data.consumeInt(0, CONFIGS.size() - 1);
        boolean restByteByByte = data.consumeBoolean();
        int pieces = data.consumeInt(0, MAX_PIECES);
        List<Integer> pieceSizes = new ArrayList<>(pieces);
        for (int i = 0; i < pieces; i++) {
            pieceSizes.add(data.consumeInt(1, MAX_PIECE_BYTES));
        }
        byte[] bytes = data.consumeRemainingAsBytes();
        if (bytes.length > MAX_INPUT_BYTES) {
            bytes = Arrays.copyOf(bytes, MAX_INPUT_BYTES);
        }
        return new FuzzInput(bytes, pieceSizes, restByteByByte, configIndex);
    }

    /** The raw input that {@link #from} reads back as this one (one byte per control value). */
    byte[] encode() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(bytes.length + pieceSizes.size() + 3);
        raw.writeBytes(bytes);
        for (int i = pieceSizes.size() - 1; i >= 0; i--) {
            raw.write(pieceSizes.get(i) - 1);
        }
        raw.write(pieceSizes.size());
        raw.write(restByteByByte ? 1 : 0);
        raw.write(configIndex);
        return raw.toByteArray();
    }

    DecoderConfig config() {
        return CONFIGS.get(configIndex);
    }

    /** The input cut as chosen: the pieces in order (as far as the bytes reach), then the rest. */
    Feed fragmented() {
        List<byte[]> reads = new ArrayList<>();
        int from = 0;
        for (int size : pieceSizes) {
            if (from == bytes.length) {
                break;
            }
            int to = Math.min(bytes.length, from + size);
            reads.add(Arrays.copyOfRange(bytes, from, to));
            from = to;
        }
        if (restByteByByte) {
            for (; from < bytes.length; from++) {
                reads.add(new byte[] {bytes[from]});
            }
        } else if (from < bytes.length) {
            reads.add(Arrays.copyOfRange(bytes, from, bytes.length));
        }
        return new Feed("pieces " + pieceSizes + (restByteByByte ? ", then byte by byte" : ", then the rest"), reads);
    }

    @Override
    public String toString() {
        return bytes.length + " bytes, config #" + configIndex + ", " + fragmented().description() + ": "
                + Printable.of(new String(bytes, StandardCharsets.ISO_8859_1));
    }
}
