package dev.h1.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link EncoderConfig} accepts only a {@code Server} value that the encoder could write (RFC 9110 §5.5). */
class EncoderConfigTest {

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h1/0.1 (Linux)", "tab\tand obs-text \u00e9"})
    void acceptsAServerValueMadeOfFieldContent(String server) {
        assertEquals(server, EncoderConfig.builder().server(server).build().server());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1\r\nX-Injected: 1", "h1\u0000", "h1\u007f", "h1 \u20ac"})
    void refusesAServerValueThatCouldSplitTheResponse(String server) {
        assertThrows(IllegalArgumentException.class, () -> EncoderConfig.builder().server(server).build());
    }

    @Test
    void refusesAnEmptyServerValue() {
        assertThrows(IllegalArgumentException.class, () -> EncoderConfig.builder().server("").build());
    }
}
