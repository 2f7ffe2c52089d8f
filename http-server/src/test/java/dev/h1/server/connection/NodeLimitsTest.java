package dev.h1.server.connection;

import dev.h1.codec.DecoderConfig;
import dev.h1.server.testing.EmbeddedServer;
import org.junit.jupiter.api.Test;

import static dev.h1.server.testing.EmbeddedServer.assertErrorAnswer;
import static dev.h1.server.testing.EmbeddedServer.config;
import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Limits as a Node user meets them: {@code maxHeaderCount} is 100 field lines by default (Apache's limit; Node allows
 * 2000 and silently drops the rest), answered 431 beyond it rather than dropping fields, and may be raised.
 */
class NodeLimitsTest {

    private static String[] fields(int count) {
        String[] lines = new String[count];
        for (int i = 0; i < count; i++) {
            lines[i] = "X-F" + i + ": v";
        }
        return lines;
    }

    @Test
    void aHundredFieldsAreAcceptedByDefaultAndOneMoreIsAnswered431() {
        EmbeddedServer server = EmbeddedServer.start(
                (req, res) -> res.end(String.valueOf(req.headers().size())));

        server.send(get("/", fields(99))); // with Host: 100
        assertEquals("100", responses(server.output()).get(0).body());
        server.send(get("/", fields(100)));
        assertErrorAnswer(431, server.output());
        server.finish();
    }

    @Test
    void theLimitMayBeRaised() {
        EmbeddedServer server = EmbeddedServer.start(
                config().decoder(DecoderConfig.builder().maxHeaderCount(2000).build()),
                (req, res) -> res.end(String.valueOf(req.headers().size())));

        server.send(get("/", fields(500)));

        assertEquals("501", responses(server.output()).get(0).body());
        server.finish();
    }
}
