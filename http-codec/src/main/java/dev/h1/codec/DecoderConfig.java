package dev.h1.codec;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Limits and policies of {@link dev.h1.codec.decoder.RequestDecoder}. Immutable; build one with {@link #builder()}.
 * Every limit is enforced before more than the limit is buffered: a line longer than its budget is rejected as soon
 * as the budget is exhausted, without waiting for its end.
 *
 * @param maxRequestLineBytes   longest request line in bytes, without its CRLF; default
 *                              {@value #DEFAULT_MAX_REQUEST_LINE_BYTES}. Over it: 414 (URI Too Long) when the
 *                              request-target is what is too long, else 400
 * @param maxHeaderSectionBytes most bytes of all field lines of the header section together, counting each line's CRLF
 *                              and the empty line that ends the section; default
 *                              {@value #DEFAULT_MAX_HEADER_SECTION_BYTES}. Over it: 431. The same budget applies
 *                              separately to a chunked body's trailer section
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

    /** Default of {@link #maxRequestLineBytes()}: {@value} bytes. */
    public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 8 * 1024;
    /** Default of {@link #maxHeaderSectionBytes()}: {@value} bytes. */
    public static final int DEFAULT_MAX_HEADER_SECTION_BYTES = 16 * 1024;
    /** Default of {@link #maxHeaderCount()}: {@value} field lines. */
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;
    /** Default of {@link #maxChunkLineBytes()}: {@value} bytes. */
    public static final int DEFAULT_MAX_CHUNK_LINE_BYTES = 1024;
    /** Default of {@link #maxBodyPieceBytes()}: {@value} bytes. */
    public static final int DEFAULT_MAX_BODY_PIECE_BYTES = 64 * 1024;

    private static final DecoderConfig DEFAULTS = builder().build();

    /**
     * Checks every option; see the class description for each.
     *
     * @param maxRequestLineBytes   longest request line in bytes, without its CRLF
     * @param maxHeaderSectionBytes most bytes of a header or trailer section
     * @param maxHeaderCount        most field lines of a section
     * @param maxChunkLineBytes     longest chunk-size line in bytes, without its CRLF
     * @param maxBodyPieceBytes     largest body piece emitted in one {@link BodyChunk}
     * @param maxBodyBytes          largest body accepted
     * @param leniencies            strict rules switched off
     * @param upgradePolicy         what happens after an upgrade request
     * @throws IllegalArgumentException if a limit is not positive ({@code maxBodyBytes}: negative)
     * @throws NullPointerException     if {@code leniencies} or {@code upgradePolicy} is null
     */
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

    /**
     * The strict defaults: every limit at its default, no leniency, {@link UpgradePolicy#PASS_THROUGH}.
     *
     * @return the shared default configuration
     */
    public static DecoderConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A builder with every option at its default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether a leniency is switched on.
     *
     * @param leniency the rule to ask about
     * @return true when the strict rule is relaxed
     */
    public boolean allows(Leniency leniency) {
        return leniencies.contains(leniency);
    }

    /**
     * A builder starting from this configuration.
     *
     * @return a new builder with these options
     */
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

        /**
         * Sets {@link DecoderConfig#maxRequestLineBytes()}.
         *
         * @param bytes the longest request line without its CRLF; over it: 414 or 400
         * @return this builder
         */
        public Builder maxRequestLineBytes(int bytes) {
            this.maxRequestLineBytes = bytes;
            return this;
        }

        /**
         * Sets {@link DecoderConfig#maxHeaderSectionBytes()}.
         *
         * @param bytes the most bytes of the header section (and, separately, the trailer section); over it: 431
         * @return this builder
         */
        public Builder maxHeaderSectionBytes(int bytes) {
            this.maxHeaderSectionBytes = bytes;
            return this;
        }

        /**
         * Sets {@link DecoderConfig#maxHeaderCount()}.
         *
         * @param count the most field lines of a section; over it: 431
         * @return this builder
         */
        public Builder maxHeaderCount(int count) {
            this.maxHeaderCount = count;
            return this;
        }

        /**
         * Sets {@link DecoderConfig#maxChunkLineBytes()}.
         *
         * @param bytes the longest chunk-size line without its CRLF; over it: 400
         * @return this builder
         */
        public Builder maxChunkLineBytes(int bytes) {
            this.maxChunkLineBytes = bytes;
            return this;
        }

        /**
         * Sets {@link DecoderConfig#maxBodyPieceBytes()}.
         *
         * @param bytes the largest body piece emitted in one {@link BodyChunk}
         * @return this builder
         */
        public Builder maxBodyPieceBytes(int bytes) {
            this.maxBodyPieceBytes = bytes;
            return this;
        }

        /**
         * Sets {@link DecoderConfig#maxBodyBytes()}.
         *
         * @param bytes the largest body accepted, declared or received; over it: 413
         * @return this builder
         */
        public Builder maxBodyBytes(long bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * Switches on one strict rule's leniency.
         *
         * @param leniency the rule to relax
         * @return this builder
         */
        public Builder allow(Leniency leniency) {
            this.leniencies.add(Objects.requireNonNull(leniency, "leniency"));
            return this;
        }

        /**
         * Sets {@link DecoderConfig#upgradePolicy()}.
         *
         * @param policy what happens after an upgrade request
         * @return this builder
         */
        public Builder upgradePolicy(UpgradePolicy policy) {
            this.upgradePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new, immutable configuration
         * @throws IllegalArgumentException if an option is out of range
         */
        public DecoderConfig build() {
            return new DecoderConfig(maxRequestLineBytes, maxHeaderSectionBytes, maxHeaderCount, maxChunkLineBytes,
                    maxBodyPieceBytes, maxBodyBytes, leniencies, upgradePolicy);
        }
    }
}
