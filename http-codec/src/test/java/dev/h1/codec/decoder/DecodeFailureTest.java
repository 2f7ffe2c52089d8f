package dev.h1.codec.decoder;

import dev.h1.codec.DecodeFailure;
import dev.h1.testing.Split;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static dev.h1.testing.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A {@link DecodeFailure} is fixed text written by h1: its {@code detail} names the rule, never the client's bytes
 * (it ends up in logs, and must not become a log-injection or reflection vector). Runs whole, byte by byte and at
 * every offset.
 */
class DecodeFailureTest {

    private static final String MARKER = "evil";

    static Stream<Arguments> inputsWithAMarkedViolation() {
        String chunked = head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked");
        return Stream.of(
                arguments("EVIL@xyz / HTTP/1.1\r\n"),                                              // 0: method
                arguments("GET /EVIL<xyz> HTTP/1.1\r\n"),                                          // 1: target
                arguments("GET /EVIL%zz HTTP/1.1\r\n"),                                            // 2: pct-encoding
                arguments("GET / EVIL/1.1\r\n"),                                                   // 3: version
                arguments(head("GET / HTTP/1.1", "EVIL xyz: a")),                                  // 4: field name
                arguments(head("GET / HTTP/1.1", "X: EVIL\u0001xyz")),                             // 5: field value
                arguments(head("GET / HTTP/1.1", "Host: EVIL xyz")),                               // 6: Host
                arguments(head("POST / HTTP/1.1", "Host: a", "Content-Length: EVIL")),             // 7: Content-Length
                arguments(head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: EVIL")),          // 8: coding
                arguments(chunked + "EVIL\r\n"),                                                   // 9: chunk size
                arguments(chunked + "5;EVIL xyz\r\n"),                                             // 10: extension
                arguments(chunked + "0\r\nEVIL xyz: a\r\n\r\n")                                    // 11: trailer
        );
    }

    @ParameterizedTest
    @MethodSource("inputsWithAMarkedViolation")
    void neverEchoesClientBytesInTheFailureDetail(String input) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        for (Split split : Split.values()) {
            for (List<byte[]> reads : split.feeds(bytes)) {
                List<DecodeFailure> failures = failures(reads);
                assertEquals(1, failures.size(), () -> split + ": " + failures);
                String detail = failures.get(0).detail();
                assertFalse(detail.isBlank(), "a detail names the rule");
                assertFalse(detail.toLowerCase(Locale.ROOT).contains(MARKER), () -> "client bytes in: " + detail);
            }
        }
    }

    private static List<DecodeFailure> failures(List<byte[]> reads) {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder());
        List<DecodeFailure> failures = new ArrayList<>();
        for (byte[] read : reads) {
            channel.writeInbound(Unpooled.wrappedBuffer(read));
            for (Object msg; (msg = channel.readInbound()) != null; ) {
                if (msg instanceof DecodeFailure failure) {
                    failures.add(failure);
                }
                ReferenceCountUtil.release(msg);
            }
        }
        assertFalse(channel.finishAndReleaseAll(), "nothing after the failure, not even at EOF");
        return failures;
    }
}
