package dev.h1.server.compression;

import dev.h1.server.CompressionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CompressionConfigTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "text/html|true", "text/plain; charset=utf-8|true", "TEXT/CSS|true", "application/json|true",
            "application/javascript|true", "application/xml|true", "image/svg+xml|true",
            "application/problem+json|true", "application/atom+xml; charset=utf-8|true", " text/event-stream |true",
            "image/png|false", "application/octet-stream|false", "application/zip|false", "video/mp4|false",
            "application/jsonx|false", "text|false", "+json|false", "application/+json|false"})
    void matchesTheDefaultTypes(String contentType, boolean compressible) {
        assertEquals(compressible, CompressionConfig.defaults().isCompressible(contentType));
    }

    @Test
    void noContentTypeIsNotCompressible() {
        assertFalse(CompressionConfig.defaults().isCompressible(null));
    }

    @Test
    void typesAreConfigurable() {
        CompressionConfig config = CompressionConfig.builder().contentTypes(List.of("Application/Wasm")).build();
        assertEquals(true, config.isCompressible("application/wasm"));
        assertEquals(false, config.isCompressible("text/html"));
        assertEquals(List.of("application/wasm"), config.contentTypes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "*/json", "text", "text/", "/json", "text/html; charset=utf-8", " text/html",
            "text/*+json", "*/*+", "a/b/c"})
    void rejectsBadPatterns(String pattern) {
        CompressionConfig.Builder builder = CompressionConfig.builder().contentTypes(List.of(pattern));
        assertThrows(IllegalArgumentException.class, builder::build);
    }

    @Test
    void checksLevelAndMinLength() {
        assertThrows(IllegalArgumentException.class, () -> CompressionConfig.builder().level(0).build());
        assertThrows(IllegalArgumentException.class, () -> CompressionConfig.builder().level(10).build());
        assertThrows(IllegalArgumentException.class, () -> CompressionConfig.builder().minLength(-1).build());
        assertEquals(0, CompressionConfig.builder().minLength(0).build().minLength());
    }
}
