package dev.h1.codec.decoder;

import dev.h1.codec.EndOfBody;
import dev.h1.testing.Split;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@link RequestDecoder#isInsideRequest()} tells a connection at a request boundary from one inside a request, and
 * agrees with {@link dev.h1.codec.RequestStarted}: an empty line before a request line starts the request.
 */
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
            '\\r\\n'                                                             | true
            '\\r'                                                                 | true
            'GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n\\r\\n'                     | true
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

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            'GET /a HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n'           | false
            'GET /a HTTP/1.1\\r\\nHost: a\\r\\n\\r\\nGET /b HT'  | true
            'GET /a HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n\\r\\n'     | true
            """)
    void seesTheNextRequestAlreadyWhileThePreviousOneIsDelivered(String input, boolean inside) {
        byte[] raw = input.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
        RequestDecoder decoder = new RequestDecoder();
        List<Boolean> atEnd = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof EndOfBody) {
                    atEnd.add(decoder.isInsideRequest());
                }
                ReferenceCountUtil.release(msg);
            }
        });
        channel.writeInbound(Unpooled.wrappedBuffer(raw));

        assertEquals(List.of(inside), atEnd, input);
        assertFalse(channel.finishAndReleaseAll());
    }
}
