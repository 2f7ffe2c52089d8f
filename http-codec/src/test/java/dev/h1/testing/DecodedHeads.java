package dev.h1.testing;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.RequestHead;
import dev.h1.codec.decoder.RequestDecoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The {@link RequestHead} objects a decoder makes of an input, for tests that look at more than the event log shows
 * (for example {@code Headers} lookups). The input is first run through {@link DecoderHarness#decodeAllSplits} (whole,
 * byte by byte, at every offset, identical logs), then once more whole to collect the heads; everything else read is
 * released.
 */
public final class DecodedHeads {

    private DecodedHeads() {
    }

    /** The heads decoded from {@code input} (ISO-8859-1 text) with {@code config}. */
    public static List<RequestHead> of(DecoderConfig config, String input) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        DecoderHarness.decodeAllSplits(config, bytes, false);
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(config));
        List<RequestHead> heads = new ArrayList<>();
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        for (Object msg; (msg = channel.readInbound()) != null; ) {
            if (msg instanceof RequestHead head) {
                heads.add(head);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }
        assertFalse(channel.finishAndReleaseAll(), "messages left in the channel");
        return heads;
    }
}
