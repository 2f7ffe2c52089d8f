package dev.h1.server.exchange;

import dev.h1.server.exchange.ResponseDraft.Pending;
import dev.h1.server.exchange.ResponseDraft.Phase;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.UnaryOperator;

/**
 * The claim mechanism under {@link DefaultServerResponse}: the response's current {@link ResponseDraft}, replaced by
 * one compare-and-set per call on the caller's thread, and the hand-over of claimed work to the {@link ResponseWriter}
 * it extends, on the event loop, in the order the claims succeeded. Split from the writer and the facade so that each
 * file has one concern; each extends the one below rather than holding it, so an exchange makes one object for its
 * response (PipelineBenchmark in http-tests counts the objects per exchange).
 *
 * <p>Each call of the facade claims its effect with one compare-and-set of the draft, on the caller's thread: a call
 * that is not allowed any more (a header after the head, a write after {@code end}) fails right there, whichever
 * thread made the earlier call. What must happen on the wire is then done by the writer on the event loop: at once when
 * the call is made there and nothing claimed earlier waits; otherwise it rides in the draft and the loop applies it
 * after everything claimed before it.
 *
 * <p><b>Threading.</b> {@link #update} and {@link #commit} from any thread; {@link #applyPending}, the server's own
 * claims ({@link #claimForError}, {@link #claimForSwitch}) and the writer's work on the event loop only.
 */
abstract class ResponseClaims extends ResponseWriter {

    /**
     * The draft's compare-and-set. A VarHandle is an intrinsic, where a field updater checks the receiver's class on
     * every call (PipelineBenchmark in http-tests: two claims per response on the event loop).
     */
    private static final VarHandle DRAFT;

    static {
        try {
            DRAFT = MethodHandles.lookup().findVarHandle(ResponseClaims.class, "draft", ResponseDraft.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final AtomicLongFieldUpdater<ResponseClaims> QUEUED =
            AtomicLongFieldUpdater.newUpdater(ResponseClaims.class, "queuedBytes");

    private volatile ResponseDraft draft = ResponseDraft.INITIAL;
    /**
     * Body bytes that writes on other threads claimed and the event loop has not written yet: they count against the
     * water marks, or a writer on another thread could queue without bound while write() kept returning true.
     */
    private volatile long queuedBytes;
    /** Event loop only: claimed work is being applied; work claimed meanwhile on the loop waits its turn. */
    private boolean applying;

    ResponseClaims(Exchange exchange, ExchangeHost host) {
        super(exchange, host);
    }

    @Override
    ResponseDraft draft() {
        return draft;
    }

    /** Body bytes claimed on other threads and not yet written. */
    long queuedBytes() {
        return queuedBytes;
    }

    /** Counts {@code delta} more (or, negative, fewer) claimed body bytes waiting for the event loop. */
    void addQueued(long delta) {
        QUEUED.addAndGet(this, delta);
    }

    // ---- the server's own claims, on the event loop ----

    @Override
    boolean claimForError(int code) {
        return claimOpenHead(draft -> draft.asErrorAnswer(code));
    }

    /** Claims the response for a protocol switch the connection writes itself; false if the head was claimed. */
    boolean claimForSwitch() {
        return claimOpenHead(draft -> draft.withPhase(Phase.ENDED));
    }

    /** Replaces a draft whose head is still open by {@code claim} of it, after the work claimed before; else false. */
    private boolean claimOpenHead(UnaryOperator<ResponseDraft> claim) {
        applyPending();
        ResponseDraft current;
        do {
            current = draft;
            if (current.phase != Phase.OPEN) {
                return false;
            }
        } while (!DRAFT.compareAndSet(this, current, claim.apply(current)));
        return true;
    }

    @Override
    void applyPending() {
        if (applying) {
            return; // the running loop below takes it
        }
        applying = true;
        try {
            for (ResponseDraft current = draft; current.pending != null; current = draft) {
                if (DRAFT.compareAndSet(this, current, current.withPending(null))) {
                    for (Pending p = current.pending.inCallOrder(); p != null; p = p.next()) {
                        if (p.queuedBytes() != 0) {
                            QUEUED.addAndGet(this, -p.queuedBytes());
                        }
                        apply(p.op(), p.arg());
                    }
                }
            }
        } finally {
            applying = false;
        }
    }

    // ---- the claim mechanism ----

    /** A change of the draft with two arguments; a method reference to one allocates nothing. */
    @FunctionalInterface
    interface Change<A, B> {
        ResponseDraft apply(ResponseDraft draft, A a, B b);
    }

    /** Replaces the draft by {@code change} applied to it, atomically; {@code change} throws to refuse. */
    <A, B> void update(Change<A, B> change, A a, B b) {
        ResponseDraft current;
        ResponseDraft next;
        do {
            current = draft;
            next = change.apply(current, a, b);
        } while (next != current && !DRAFT.compareAndSet(this, current, next));
    }

    /**
     * Claims {@code op} with {@code arg} and has the writer carry it out: right away when on the event loop with
     * nothing claimed before still waiting, else carried in the draft to the loop, behind what waits. A refused call
     * releases what {@code arg} holds, then throws.
     *
     * @param queuedBytes body bytes that count against the water marks until the work is applied
     */
    void commit(ResponseOp op, Object arg, long queuedBytes) {
        boolean onLoop = exchange.inEventLoop();
        while (true) {
            ResponseDraft current = draft;
            if (onLoop && !applying && current.pending != null) {
                applyPending(); // earlier claims first
                continue;
            }
            boolean now = onLoop && !applying;
            ResponseDraft next;
            try {
                next = op.claim(current, arg);
            } catch (IllegalStateException refused) {
                op.refused(arg);
                throw refused;
            }
            if (!now) {
                next = next.withPending(new Pending(op, arg, queuedBytes, current.pending));
            }
            if (next == current || DRAFT.compareAndSet(this, current, next)) {
                if (now) {
                    apply(op, arg);
                } else if (current.pending == null && !onLoop) {
                    exchange.onLoop(this::applyPending); // the first waiting claim schedules the loop
                }
                return;
            }
        }
    }

    private void apply(ResponseOp op, Object arg) {
        try {
            op.apply(this, arg);
        } catch (RuntimeException e) {
            exchange.failApplication(e);
        }
    }
}
