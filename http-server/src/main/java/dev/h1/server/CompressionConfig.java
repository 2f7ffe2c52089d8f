package dev.h1.server;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How responses are compressed when {@link ConnectionConfig#compression()} is set (compression is off by default):
 * {@code gzip} or {@code deflate}, as the request's {@code Accept-Encoding} prefers (RFC 9110 §12.5.3), for responses
 * whose {@code Content-Type} is compressible and whose length is unknown or at least {@link #minLength()}. Immutable;
 * build one with {@link #builder()}, or take {@link #defaults()}:
 * <pre>
 * ConnectionConfig.builder().compression(CompressionConfig.defaults()).build();
 * </pre>
 * docs/SERVER.md ("Response compression") lists what is never compressed (HEAD, 1xx/204/304, 206, an existing
 * {@code Content-Encoding}, zero-copy {@code sendFile}, ...).
 *
 * @param level        the zlib compression level, 1 (fastest) to 9 (smallest); default {@value #DEFAULT_LEVEL}
 * @param minLength    bytes: a response whose {@code Content-Length} is below this is sent as it is (compressing a
 *                     few bytes costs more than it saves); a streamed response of unknown length is compressed.
 *                     Default {@value #DEFAULT_MIN_LENGTH}
 * @param contentTypes the compressible media types, matched against the response's {@code Content-Type} (its
 *                     parameters ignored, ASCII case ignored): {@code type/subtype}, {@code type/*}, or
 *                     {@code *}{@code /*+suffix} for a structured syntax suffix (RFC 6838 §4.2.8); kept in
 *                     lower case; default {@link #DEFAULT_CONTENT_TYPES}
 */
public record CompressionConfig(int level, int minLength, List<String> contentTypes) {

    /** The default of {@link #level()}: zlib's own default, a good balance of speed and size. */
    public static final int DEFAULT_LEVEL = 6;
    /** The default of {@link #minLength()}: 1 KiB. */
    public static final int DEFAULT_MIN_LENGTH = 1024;
    /** The default of {@link #contentTypes()}: text, JSON, JavaScript, XML and SVG. */
    public static final List<String> DEFAULT_CONTENT_TYPES = List.of("text/*", "application/json",
            "application/javascript", "application/xml", "image/svg+xml", "*/*+json", "*/*+xml");

    private static final CompressionConfig DEFAULTS = new Builder().build();

    /**
     * Checks every option; {@link IllegalArgumentException} or {@link NullPointerException} names the bad one.
     *
     * @param level        the zlib compression level, 1 to 9
     * @param minLength    bytes: a smaller Content-Length is not compressed
     * @param contentTypes the compressible media type patterns
     */
    public CompressionConfig {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("level must be 1..9: " + level);
        }
        if (minLength < 0) {
            throw new IllegalArgumentException("minLength must be >= 0: " + minLength);
        }
        Objects.requireNonNull(contentTypes, "contentTypes");
        contentTypes.forEach(CompressionConfig::checkPattern);
        // Kept in lower case, so that matching a response lowers only its own Content-Type (RFC 9110 §8.3.1).
        contentTypes = contentTypes.stream().map(pattern -> pattern.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Every documented default.
     *
     * @return the shared default configuration
     */
    public static CompressionConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this configuration.
     *
     * @return a new builder holding these options
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Whether a response with this {@code Content-Type} field value is compressible: its media type matches one of
     * {@link #contentTypes()}.
     *
     * @param contentType the field value, with or without parameters; {@code null} (no Content-Type) is not
     * @return true when a pattern matches
     */
    public boolean isCompressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .toLowerCase(Locale.ROOT);
        int slash = mediaType.indexOf('/');
        if (slash <= 0 || slash == mediaType.length() - 1) {
            return false;
        }
        String type = mediaType.substring(0, slash);
        String subtype = mediaType.substring(slash + 1);
        for (String pattern : contentTypes) {
            if (matches(pattern, type, subtype)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String type, String subtype) {
        int slash = pattern.indexOf('/');
        String patternType = pattern.substring(0, slash);
        String patternSubtype = pattern.substring(slash + 1);
        if (patternSubtype.startsWith("*+")) {
            String suffix = patternSubtype.substring(1);
            return subtype.length() > suffix.length() && subtype.endsWith(suffix); // a name before the "+json"
        }
        return (patternType.equals("*") || patternType.equals(type))
                && (patternSubtype.equals("*") || patternSubtype.equals(subtype));
    }

    private static void checkPattern(String pattern) {
        Objects.requireNonNull(pattern, "contentTypes element");
        int slash = pattern.indexOf('/');
        boolean valid = slash > 0 && slash < pattern.length() - 1 && pattern.indexOf('/', slash + 1) < 0
                && pattern.indexOf(';') < 0 && pattern.strip().equals(pattern);
        String subtype = valid ? pattern.substring(slash + 1) : "";
        if (subtype.startsWith("*+")) {
            valid = subtype.length() > 2 && pattern.substring(0, slash).equals("*");
        } else if (valid && pattern.substring(0, slash).equals("*")) {
            valid = false; // "*/*" or "*/json": compressing every type would compress images and archives again
        }
        if (!valid) {
            throw new IllegalArgumentException("contentTypes: expected type/subtype, type/* or */*+suffix, not '"
                    + pattern + "'");
        }
    }

    /** Builds a {@link CompressionConfig}; every option starts at its documented default. */
    public static final class Builder {
        private int level = DEFAULT_LEVEL;
        private int minLength = DEFAULT_MIN_LENGTH;
        private List<String> contentTypes = DEFAULT_CONTENT_TYPES;

        private Builder() {
        }

        private Builder(CompressionConfig c) {
            level = c.level;
            minLength = c.minLength;
            contentTypes = c.contentTypes;
        }

        /**
         * See {@link CompressionConfig#level()}.
         *
         * @param value the option's value
         * @return this builder
         */
        public Builder level(int value) {
            level = value;
            return this;
        }

        /**
         * See {@link CompressionConfig#minLength()}.
         *
         * @param value the option's value
         * @return this builder
         */
        public Builder minLength(int value) {
            minLength = value;
            return this;
        }

        /**
         * See {@link CompressionConfig#contentTypes()}.
         *
         * @param value the option's value
         * @return this builder
         */
        public Builder contentTypes(List<String> value) {
            contentTypes = value;
            return this;
        }

        /**
         * The configuration; throws as the {@link CompressionConfig} constructor does for a bad option.
         *
         * @return the configuration
         */
        public CompressionConfig build() {
            return new CompressionConfig(level, minLength, contentTypes);
        }
    }
}
