package dev.h1.tests.hostile;

import dev.h1.server.api.CloseReason;
import dev.h1.tests.e2e.RawConnection;
import dev.h1.tests.e2e.RawResponse;
import dev.h1.tests.e2e.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client that opens {@value #CONNECTIONS} connections and leaves them idle: half never send a byte, half send one
 * request and then nothing. With the headers and keep-alive timeouts at 1 s, the server closes every one by its
 * deadline (the silent ones with 408, as documented: their headers deadline runs from the open; the others silently),
 * and {@code connectionCount()} returns to 0.
 */
class IdleConnectionFloodTest {

    static final int CONNECTIONS = 200;
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final ServerFixture fixture = new ServerFixture();
    private final List<RawConnection> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (RawConnection client : clients) {
            client.close();
        }
        fixture.close();
    }

    @Test
    void manyIdleConnectionsAreClosedByTheirDeadlines() throws Exception {
        fixture.start(Duration.ofSeconds(1),
                ServerFixture.connection().headersTimeout(TIMEOUT).keepAliveTimeout(TIMEOUT),
                (req, res) -> res.end("ok"));
        for (int i = 0; i < CONNECTIONS; i++) {
            RawConnection client = RawConnection.open(fixture.address());
            clients.add(client);
            if (i % 2 == 1) {
                assertEquals("ok", client.send(Survival.NORMAL_REQUEST).read().text());
            }
        }

        for (int i = 0; i < CONNECTIONS; i++) {
            RawConnection client = clients.get(i);
            if (i % 2 == 0) {
                RawResponse response = client.read();
                assertEquals(408, response.status(), "silent connection " + i + ": " + response);
                assertEquals("close", response.header("Connection"));
            }
            client.awaitClose(); // bounded by the client's 5 s read timeout
        }

        Survival.assertAllConnectionsClosed(fixture.server(), fixture.connections, Duration.ofSeconds(5));
        assertEquals(Map.of(CloseReason.HEADERS_TIMEOUT, (long) CONNECTIONS / 2,
                CloseReason.KEEP_ALIVE_TIMEOUT, (long) CONNECTIONS / 2), fixture.connections.closeReasons());
        Survival.assertServesANewConnection(fixture.address());
    }
}
