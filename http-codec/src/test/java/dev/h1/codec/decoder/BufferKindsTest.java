package dev.h1.codec.decoder;

import dev.h1.codec.DecoderConfig;
import dev.h1.testing.DecoderHarness;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The decoder reads its input through a copy ({@link HeadBytes}); the requests it decodes must not depend on the kind
 * of buffer the bytes arrive in: heap, direct, composite, a slice with an array offset, a reader index above 0, each
 * split in two reads at every offset.
 */
class BufferKindsTest {

    private static final String LONG_VALUE = "v".repeat(1500) + "\tobs-text:\u00e9\u00ff";

    static Stream<Arguments> inputs() {
        return Stream.of(
                // 0: a browser GET
                arguments("GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\n"
                        + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0\r\n"
                        + "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.8\r\nAccept-Language: en-US,en\r\n"
                        + "Accept-Encoding: gzip, deflate, br\r\nconnection: keep-alive\r\nX-Odd:\t tabs \t\r\n"
                        + "Cookie: a=b; c=d\r\n\r\n"),
                // 1: pipelined, with a fixed body and a chunked one with extensions and trailers
                arguments("GET / HTTP/1.1\r\nHost: a\r\n\r\n"
                        + "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                        + "PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3;ext=\"q\\\"v\" ; b\r\nabc\r\n00A\r\n0123456789\r\n0\r\nTrailer-Field: x\r\n\r\n"
                        + "GET /last HTTP/1.0\r\nHost: a\r\n\r\n"),
                // 2: a field line longer than the copy's first capacity and step
                arguments("GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + LONG_VALUE + "\r\nX-After: 1\r\n\r\n"),
                // 3: a control character deep inside a long value
                arguments("GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + "v".repeat(1029) + "\u0001v\r\n\r\n"),
                // 4: a bare LF after a value
                arguments("GET / HTTP/1.1\r\nHost: a\r\nX: y\n\r\n"),
                // 5: a bad chunk size after a good chunk
                arguments("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "1\r\na\r\n1g\r\nb\r\n0\r\n\r\n"),
                // 6: an upgrade whose later bytes pass through untouched
                arguments("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n\u0016\u0003\u0001 tunnel bytes"));
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void decodesTheSameFromEveryKindOfBufferSplitAtEveryOffset(String text) {
        byte[] input = text.getBytes(StandardCharsets.ISO_8859_1);
        DecoderConfig config = DecoderConfig.defaults();
        List<String> expected = DecoderHarness.decode(config, List.of(input), true);
        for (BufferKind kind : BufferKind.values()) {
            assertEquals(expected, DecoderHarness.decodeBuffers(config, List.of(kind.of(input)), true), kind.name());
            for (int k = 1; k < input.length; k++) {
                List<ByteBuf> reads = new ArrayList<>();
                reads.add(kind.of(Arrays.copyOfRange(input, 0, k)));
                reads.add(kind.of(Arrays.copyOfRange(input, k, input.length)));
                assertEquals(expected, DecoderHarness.decodeBuffers(config, reads, true), kind + " split at " + k);
            }
        }
    }
}
