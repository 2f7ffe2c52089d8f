package dev.h1.server.pipeline;

import dev.h1.server.ConnectionConfig;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The drop-in installer: handler order and the channel settings it owns. */
class HttpServerInitializerTest {

    @Test
    void installsTheHandlersInTheirOneOrderAfterTheApplicationsOwn() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("app-logging", new ChannelInboundHandlerAdapter());
        HttpServerInitializer.install(channel.pipeline(),
                ConnectionConfig.builder().idleTimeout(Duration.ofSeconds(30)).build(), (req, res) -> res.end());

        List<String> names = channel.pipeline().names();
        assertEquals(List.of("app-logging", HttpServerInitializer.IDLE,
                HttpServerInitializer.DECODER, HttpServerInitializer.ENCODER, HttpServerInitializer.CONNECTION),
                names.subList(0, 5));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void appliesTheConfiguredWriteBufferWaterMarksToTheChannel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        HttpServerInitializer.install(channel.pipeline(),
                ConnectionConfig.builder().writeBufferWaterMarks(8, 16).build(), (req, res) -> res.end());

        WriteBufferWaterMark marks = channel.config().getWriteBufferWaterMark();
        assertEquals(8, marks.low());
        assertEquals(16, marks.high());
        assertFalse(channel.finishAndReleaseAll());
    }
}
