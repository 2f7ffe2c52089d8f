package dev.h1.codec;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Limits and policies of {@link dev.h1.codec.decoder.RequestDecoder}. Immutable; build one with {@link #builder()}.
 * Every limit is enforced before more than the limit is buffered: a line longer than its budget is rejected as soon
 * as the budget is exhausted, without waiting for its end.
 *
 * @param maxRequestLineBytes   longest request line in bytes, without its CRLF; default {@value #DEFAULT_MAX_REQUEST_LINE_BYTES}.
 *                              Over it: 414 (URI Too Long) when the request-target is what is too long, else 400
 * @param maxHeaderSectionBytes most bytes of all field lines of the header section together, counting each line's CRLF
 *                              and the empty line that ends the section; default {@value #DEFAULT_MAX_HEADER_SECTION_BYTES}.
 *                              Over it: 431. The same budget applies separately to a chunked body's trailer section
 * @param maxHeaderCount        most field lines in the header section (and, separately, the trailer section);
 *                              default {@value #DEFAULT_MAX_HEADER_COUNT}. Over it: 431
 * @param maxChunkLineBytes     longest chunk-size line (size plus chunk extensions) in bytes, without its CRLF;
 *                              default {@value #DEFAULT_MAX_CHUNK_LINE_BYTES}. Over it: 400
 * @param maxBodyPieceBytes     largest body piece emitted in one {@link BodyChunk}; longer bodies stream in several
 *                              pieces. Default {@value #DEFAULT_MAX_BODY_PIECE_BYTES}. Never an error
 * @param maxBodyBytes          largest body accepted, declared (Content-Length) or received (chunked); default
 *                              {@link Long#MAX_VALUE} (unlimited). Over it: 413
 * @param leniencies            strict rules switched off; empty by default
 * @param upgradePolicy         what happens after an upgrade request; default {@link UpgradePolicy#PASS_THROUGH}
 */
public record DecoderConfig(int maxRequestLineBytes, int maxHeaderSectionBytes, int maxHeaderCount,
                            int maxChunkLineBytes, int maxBodyPieceBytes, long maxBodyBytes,
                            Set<Leniency> leniencies, UpgradePolicy upgradePolicy) {

    public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 8 * 1024;
    public static final int DEFAULT_MAX_HEADER_SECTION_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;
    public static final int DEFAULT_MAX_CHUNK_LINE_BYTES = 1024;
    public static final int DEFAULT_MAX_BODY_PIECE_BYTES = 64 * 1024;

    private static final DecoderConfig DEFAULTS = builder().build();

    public DecoderConfig {
        requirePositive(maxRequestLineBytes, "maxRequestLineBytes");
        requirePositive(maxHeaderSectionBytes, "maxHeaderSectionBytes");
        requirePositive(maxHeaderCount, "maxHeaderCount");
        requirePositive(maxChunkLineBytes, "maxChunkLineBytes");
        requirePositive(maxBodyPieceBytes, "maxBodyPieceBytes");
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 0: " + maxBodyBytes);
        }
        leniencies = leniencies.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(leniencies));
        Objects.requireNonNull(upgradePolicy, "upgradePolicy");
    }

    /** The strict defaults. */
    public static DecoderConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code leniency} is switched on. */
    public boolean allows(Leniency leniency) {
        return leniencies.contains(leniency);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.maxRequestLineBytes = maxRequestLineBytes;
        builder.maxHeaderSectionBytes = maxHeaderSectionBytes;
        builder.maxHeaderCount = maxHeaderCount;
        builder.maxChunkLineBytes = maxChunkLineBytes;
        builder.maxBodyPieceBytes = maxBodyPieceBytes;
        builder.maxBodyBytes = maxBodyBytes;
        builder.leniencies = leniencies.isEmpty() ? EnumSet.noneOf(Leniency.class) : EnumSet.copyOf(leniencies);
        builder.upgradePolicy = upgradePolicy;
        return builder;
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
    }

    /** Builds a {@link DecoderConfig}; every option starts at its documented default. */
    public static final class Builder {
        private int maxRequestLineBytes = DEFAULT_MAX_REQUEST_LINE_BYTES;
        private int maxHeaderSectionBytes = DEFAULT_MAX_HEADER_SECTION_BYTES;
        private int maxHeaderCount = DEFAULT_MAX_HEADER_COUNT;
        private int maxChunkLineBytes = DEFAULT_MAX_CHUNK_LINE_BYTES;
        private int maxBodyPieceBytes = DEFAULT_MAX_BODY_PIECE_BYTES;
        private long maxBodyBytes = Long.MAX_VALUE;
        private EnumSet<Leniency> leniencies = EnumSet.noneOf(Leniency.class);
        private UpgradePolicy upgradePolicy = UpgradePolicy.PASS_THROUGH;

        private Builder() {
        }

        public Builder maxRequestLineBytes(int bytes) {
            this.maxRequestLineBytes = bytes;
            return this;
        }

        public Builder maxHeaderSectionBytes(int bytes) {
            this.maxHeaderSectionBytes = bytes;
            return this;
        }

        public Builder maxHeaderCount(int count) {
            this.maxHeaderCount = count;
            return this;
        }

        public Builder maxChunkLineBytes(int bytes) {
            this.maxChunkLineBytes = bytes;
            return this;
        }

        public Builder maxBodyPieceBytes(int bytes) {
            this.maxBodyPieceBytes = bytes;
            return this;
        }

        public Builder maxBodyBytes(long bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /** Switches on one strict rule's leniency. */
        public Builder allow(Leniency leniency) {
            this.leniencies.add(Objects.requireNonNull(leniency, "leniency"));
            return this;
        }

        public Builder upgradePolicy(UpgradePolicy policy) {
            this.upgradePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public DecoderConfig build() {
            return new DecoderConfig(maxRequestLineBytes, maxHeaderSectionBytes, maxHeaderCount, maxChunkLineBytes,
                    maxBodyPieceBytes, maxBodyBytes, leniencies, upgradePolicy);
        }
    }
}
