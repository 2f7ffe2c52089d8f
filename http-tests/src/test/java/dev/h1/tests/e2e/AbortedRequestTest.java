package dev.h1.tests.e2e;

import dev.h1.server.api.BodyListener;
import dev.h1.server.api.CloseReason;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerRequest;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * <b>Bug 4</b>: {@code req.isComplete()} becomes true when the client aborts. A client announces a body of
 * {@value #DECLARED} bytes, sends {@value #SENT} of them, waits until the handler's body listener has them, then goes
 * away (FIN, or RST with {@code SO_LINGER} 0). The body never completed: {@code isComplete()} must stay false and
 * {@code isAborted()} must be true, both in the listener's {@code onError} and once {@code closed()} completed.
 */
class AbortedRequestTest {

    private static final int DECLARED = 100;
    private static final int SENT = 10;

    private final ServerFixture fixture = new ServerFixture();
    private final CompletableFuture<Void> partReceived = new CompletableFuture<>();
    private final CompletableFuture<Seen> onError = new CompletableFuture<>();
    private final CompletableFuture<Seen> onClosed = new CompletableFuture<>();

    /** What the handler saw at one moment. */
    record Seen(boolean complete, boolean aborted, String cause) {
    }

    private final RequestHandler handler = (req, res) -> {
        if (!req.path().equals("/upload")) {
            res.end("ok");
            return;
        }
        AtomicLong received = new AtomicLong();
        req.body(new BodyListener() {
            @Override
            public void onData(ByteBuf data) {
                if (received.addAndGet(data.readableBytes()) >= SENT) {
                    partReceived.complete(null);
                }
            }

            @Override
            public void onError(Throwable cause) {
                onError.complete(seen(req, cause));
            }
        });
        req.closed().whenComplete((ok, failure) -> onClosed.complete(seen(req, failure)));
    };

    private static Seen seen(ServerRequest req, Throwable cause) {
        return new Seen(req.isComplete(), req.isAborted(), String.valueOf(cause));
    }

    @BeforeEach
    void start() {
        fixture.start(Duration.ofSeconds(1), ServerFixture.connection(), handler);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Bug 4: FIN in the middle of the body. */
    @Test
    void aRequestWhoseClientClosedMidBodyIsAbortedAndNotComplete() throws Exception {
        RawConnection raw = sendPartOfTheBody();
        raw.close();
        assertAbortedAndIncomplete();
    }

    /** Bug 4: RST in the middle of the body. */
    @Test
    void aRequestWhoseClientResetMidBodyIsAbortedAndNotComplete() throws Exception {
        RawConnection raw = sendPartOfTheBody();
        raw.reset();
        assertAbortedAndIncomplete();
    }

    private RawConnection sendPartOfTheBody() throws Exception {
        RawConnection raw = RawConnection.open(fixture.address());
        raw.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + DECLARED + "\r\n\r\n" + "x".repeat(SENT));
        try {
            partReceived.get(5, SECONDS);
        } catch (Exception e) {
            raw.close();
            throw e;
        }
        return raw;
    }

    private void assertAbortedAndIncomplete() throws Exception {
        Seen inOnError = onError.get(5, SECONDS);
        Seen whenClosed = onClosed.get(5, SECONDS);
        assertFalse(inOnError.complete(), "isComplete() in onError(" + inOnError.cause() + ")");
        assertTrue(inOnError.aborted(), "isAborted() in onError(" + inOnError.cause() + ")");
        assertFalse(whenClosed.complete(), "isComplete() once closed() completed");
        assertTrue(whenClosed.aborted(), "isAborted() once closed() completed");
        assertEquals(CloseReason.CLIENT_ABORTED, fixture.connections.awaitClose(1));
        try (RawConnection next = RawConnection.open(fixture.address())) {
            assertEquals("ok", next.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().text());
        }
    }
}
