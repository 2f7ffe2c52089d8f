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
 *
 * <p>Also a client that goes away after a whole request while the handler holds its response (no deadline applies
 * then, as in Node): the server hears it, aborts the response and closes the connection, or the connection would stay
 * open for as long as the handler holds on. (Netty 4.2.18's io_uring transport misses the RST in this case; see
 * docs/SERVER.md, "Transports".)
 */
class AbortedRequestTest {

    private static final int DECLARED = 100;
    private static final int SENT = 10;
    private static final int RESETS = 20;

    private final ServerFixture fixture = new ServerFixture();
    private final CompletableFuture<Void> partReceived = new CompletableFuture<>();
    private final CompletableFuture<Seen> onError = new CompletableFuture<>();
    private final CompletableFuture<Seen> onClosed = new CompletableFuture<>();
    private final CompletableFuture<Void> held = new CompletableFuture<>();
    private final CompletableFuture<Boolean> heldResponseAborted = new CompletableFuture<>();

    /** What the handler saw at one moment. */
    record Seen(boolean complete, boolean aborted, String cause) {
    }

    private final RequestHandler handler = (req, res) -> {
        if (req.path().equals("/hold")) {
            res.closed().whenComplete((ok, failure) -> heldResponseAborted.complete(res.isAborted()));
            held.complete(null); // and never answers
            return;
        }
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

    /** FIN after a whole request whose response the handler holds. */
    @Test
    void aClientThatClosesWhileItsResponseIsHeldAbortsItAndTheConnectionCloses() throws Exception {
        RawConnection raw = sendARequestThatIsHeld();
        raw.close();
        assertHeldResponseAborted();
    }

    /** RST after a whole request whose response the handler holds. */
    @Test
    void aClientThatResetsWhileItsResponseIsHeldAbortsItAndTheConnectionCloses() throws Exception {
        RawConnection raw = sendARequestThatIsHeld();
        raw.reset();
        assertHeldResponseAborted();
    }

    /**
     * RST right after the request, {@value #RESETS} times: the server may read the request and then the reset in one go
     * (or the reset first, and never call the handler); either way no connection may stay open. Netty 4.2.18's io_uring
     * transport fails this one (docs/SERVER.md); epoll and NIO pass.
     */
    @Test
    void clientsThatResetRightAfterTheirRequestLeaveNoConnectionOpen() throws Exception {
        for (int i = 0; i < RESETS; i++) {
            RawConnection raw = RawConnection.open(fixture.address());
            raw.send("GET /hold HTTP/1.1\r\nHost: a\r\n\r\n");
            raw.reset();
        }
        // One more connection, answered: the server accepts in order, so by now it has taken in every reset one the
        // kernel still had for it, and the log knows them. Then its client closes it, and none may stay open.
        try (RawConnection probe = RawConnection.open(fixture.address())) {
            assertEquals("ok", probe.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().text());
        }
        fixture.connections.awaitAllClosed(Duration.ofSeconds(5));
    }

    private RawConnection sendARequestThatIsHeld() throws Exception {
        return sendAndAwait("GET /hold HTTP/1.1\r\nHost: a\r\n\r\n", held);
    }

    private void assertHeldResponseAborted() throws Exception {
        assertEquals(CloseReason.CLIENT_ABORTED, fixture.connections.awaitClose(1));
        assertTrue(heldResponseAborted.get(5, SECONDS), "res.isAborted() once res.closed() completed");
    }

    private RawConnection sendPartOfTheBody() throws Exception {
        return sendAndAwait("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + DECLARED + "\r\n\r\n"
                + "x".repeat(SENT), partReceived);
    }

    /** A connection that sent {@code bytes}, once the handler signalled {@code reached}; closed if it does not. */
    private RawConnection sendAndAwait(String bytes, CompletableFuture<Void> reached) throws Exception {
        RawConnection raw = RawConnection.open(fixture.address());
        raw.send(bytes);
        try {
            reached.get(5, SECONDS);
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
