package dev.h1.codec;

import java.time.Clock;
import java.util.Objects;

/**
 * Options of {@link dev.h1.codec.encoder.ResponseEncoder}. Immutable and thread-safe (one instance may serve every
 * connection); build one with {@link #builder()}. Holds no buffer.
 *
 * <pre>
 * p.addLast("h1-encoder", new ResponseEncoder(EncoderConfig.builder().server("h1").build()));
 * </pre>
 *
 * @param server the value of the {@code Server} field added to every final response that has none
 *               (RFC 9110 §10.2.4), or {@code null} (the default) to add none. Must be a non-empty field value
 *               without controls (checked here)
 * @param clock  the wall clock of the {@code Date} field (RFC 9110 §6.6.1), read once per response and formatted at
 *               most once per second per event loop; default {@link Clock#systemUTC()}. Replace it only in tests
 */
public record EncoderConfig(String server, Clock clock) {

    private static final EncoderConfig DEFAULTS = builder().build();

    /**
     * Checks the options.
     *
     * @param server the {@code Server} field value, or {@code null} for none
     * @param clock  the clock of the {@code Date} field
     * @throws IllegalArgumentException if {@code server} is empty or has a character not allowed in a field value
     * @throws NullPointerException     if {@code clock} is null
     */
    public EncoderConfig {
        if (server != null) {
            requireFieldValue(server);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * The defaults: no {@code Server} field, the system clock.
     *
     * @return the shared default configuration
     */
    public static EncoderConfig defaults() {
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

    /** RFC 9110 §5.5: the encoder checks the value with the same rule ({@link FieldText}) as every header field. */
    private static void requireFieldValue(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("server must not be empty; use null for no Server field");
        }
        int bad = FieldText.firstNonText(value);
        if (bad >= 0) {
            throw new IllegalArgumentException("server has character 0x" + Integer.toHexString(value.charAt(bad))
                    + " at index " + bad + ", not allowed in a field value (RFC 9110 §5.5)");
        }
    }

    /** Builds an {@link EncoderConfig}; every option starts at its documented default. */
    public static final class Builder {
        private String server;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets {@link EncoderConfig#server()}.
         *
         * @param value the {@code Server} field value, or {@code null} for none
         * @return this builder
         */
        public Builder server(String value) {
            this.server = value;
            return this;
        }

        /**
         * Sets {@link EncoderConfig#clock()}.
         *
         * @param value the clock of the {@code Date} field
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new, immutable configuration
         * @throws IllegalArgumentException if {@code server} is not a valid field value
         */
        public EncoderConfig build() {
            return new EncoderConfig(server, clock);
        }
    }
}
