package dev.h1.tests.conformance;

/**
 * One header or trailer field line, as the corpus records it: the name exactly as sent, the value without leading
 * or trailing SP/HTAB. Both are raw bytes read as ISO-8859-1, one char per byte.
 */
public record Field(String name, String value) {

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
