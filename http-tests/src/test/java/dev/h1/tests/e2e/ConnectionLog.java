package dev.h1.tests.e2e;

import dev.h1.server.api.CloseReason;
import dev.h1.server.api.ConnectionListener;
import dev.h1.server.api.HttpConnection;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * The server's view of its connections, for proving reuse: each connection gets a number in the order it opened
 * (1, 2, ...) and a stage that completes with its {@link CloseReason}. Installed as the
 * {@link dev.h1.server.ConnectionConfig#connectionListener()} by {@link ServerFixture}. Thread-safe: the callbacks run
 * on the server's event loops, the queries on the test thread.
 */
public final class ConnectionLog implements ConnectionListener {

    private final AtomicInteger opened = new AtomicInteger();
    private final Map<HttpConnection, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<CloseReason>> closes = new ConcurrentHashMap<>();

    @Override
    public void onOpen(HttpConnection connection) {
        int id = opened.incrementAndGet();
        ids.put(connection, id);
        closeOf(id);
    }

    @Override
    public void onClose(HttpConnection connection, CloseReason reason) {
        Integer id = ids.get(connection);
        if (id != null) {
            closeOf(id).complete(reason);
        }
    }

    /** The number of {@code connection}, in the order connections opened (1 for the first). */
    public int idOf(HttpConnection connection) {
        Integer id = ids.get(connection);
        if (id == null) {
            throw new IllegalStateException("connection not opened through this log: " + connection);
        }
        return id;
    }

    /** How many connections opened so far. */
    public int opened() {
        return opened.get();
    }

    /** Why connection {@code id} closed; fails if it is still open after 5 s. */
    public CloseReason awaitClose(int id) throws Exception {
        return closeOf(id).get(5, SECONDS);
    }

    /** Whether connection {@code id} has closed by now (no waiting). */
    public boolean isClosed(int id) {
        return closeOf(id).isDone();
    }

    /**
     * Waits until every connection opened so far has closed; fails, saying how many are still open, if some are
     * after {@code timeout}.
     */
    public void awaitAllClosed(Duration timeout) throws InterruptedException {
        CompletableFuture<?>[] all = closes.values().toArray(CompletableFuture<?>[]::new);
        try {
            CompletableFuture.allOf(all).get(timeout.toMillis(), MILLISECONDS);
        } catch (TimeoutException e) {
            List<Integer> open = stillOpen();
            throw new AssertionError(open.size() + " of " + opened() + " connections still open after " + timeout
                    + ": " + open);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /** The numbers of the connections not closed by now, in ascending order. */
    public List<Integer> stillOpen() {
        return closes.entrySet().stream().filter(e -> !e.getValue().isDone()).map(Map.Entry::getKey).sorted()
                .toList();
    }

    /** How many connections closed for each reason so far. */
    public Map<CloseReason, Long> closeReasons() {
        Map<CloseReason, Long> counts = new EnumMap<>(CloseReason.class);
        for (CompletableFuture<CloseReason> close : closes.values()) {
            if (close.isDone() && !close.isCompletedExceptionally()) {
                counts.merge(close.join(), 1L, Long::sum);
            }
        }
        return counts;
    }

    private CompletableFuture<CloseReason> closeOf(int id) {
        return closes.computeIfAbsent(id, key -> new CompletableFuture<>());
    }
}
