package dev.h1.codec.decoder;

import dev.h1.testing.Split;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@link RequestDecoder#isInsideRequest()} tells a connection at a request boundary from one inside a request. */
class InsideRequestTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                                   | false
            'GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n'                           | false
            'GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\nGET /b HT'                  | true
            'GET / HT'                                                           | true
            'GET / HTTP/1.1\\r\\nHost: a\\r\\n'                                 | true
            'POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 5\\r\\n\\r\\nab' | true
            'GET / HTTP/1.1\\r\\nHost: a\\r\\nConnection: close\\r\\n\\r\\nGET' | false
            'BAD LINE\\r\\n'                                                     | false
            """)
    void saysWhetherARequestIsUnderWay(String input, boolean inside) {
        byte[] raw = input.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
        for (Split split : Split.values()) {
            for (List<byte[]> feed : split.feeds(raw)) {
                RequestDecoder decoder = new RequestDecoder();
                EmbeddedChannel channel = new EmbeddedChannel(decoder);
                for (byte[] read : feed) {
                    channel.writeInbound(Unpooled.wrappedBuffer(read));
                }

                assertEquals(inside, decoder.isInsideRequest(), input + " fed " + split);
                channel.close();
                channel.releaseInbound();
                assertFalse(channel.finishAndReleaseAll());
            }
        }
    }
}
