package dev.h1.server.exchange;

import dev.h1.server.exchange.ResponseDraft.Pending;
import dev.h1.server.exchange.ResponseDraft.Phase;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.UnaryOperator;

/**
 * The claim mechanism under {@link DefaultServerResponse}: the response's current {@link ResponseDraft}, changed by
 * one compare-and-set per call on the caller's thread (its phase moved in place, or a new draft linked and published),
 * and the hand-over of claimed work to the {@link ResponseWriter} it extends, on the event loop, in the order the
 * claims succeeded. Split from the writer and the facade so that each file has one concern; each extends the one below
 * rather than holding it, so an exchange makes one object for its response (PipelineBenchmark in http-tests counts the
 * objects per exchange).
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
    private static final VarHandle DRAFT = FieldHandles.of(MethodHandles.lookup(), "draft", ResponseDraft.class);

    /**
     * The published draft; null for {@link ResponseDraft#INITIAL}, the draft every response starts with, so that
     * making a response stores nothing here: a volatile store costs a fence (perf of PipelineBenchmark h1Plaintext in
     * http-tests: the exchange's constructor, its facades' included, took 37 ns per request with three such stores,
     * 20 without).
     */
    private volatile ResponseDraft draft;
    /** Event loop only: claimed work is being applied; work claimed meanwhile on the loop waits its turn. */
    private boolean applying;

    ResponseClaims(Exchange exchange) {
        super(exchange);
    }

    /** The current draft: the published one, or the draft a call linked to it and has not published yet. */
    @Override
    ResponseDraft draft() {
        ResponseDraft current = draft;
        if (current == null) {
            return ResponseDraft.INITIAL; // never replaced in place: the first change publishes here
        }
        for (Object state = current.state(); state instanceof ResponseDraft next; state = current.state()) {
            DRAFT.compareAndSet(this, current, next); // help the call that linked it
            current = next;
        }
        return current;
    }

    // ---- the server's own claims, on the event loop ----

    /** Replaces a draft whose head is still open by the server's answer, after the work claimed before; else false. */
    @Override
    boolean claimForError(int code) {
        return claimOpenHead(draft -> draft.asErrorAnswer(code));
    }

    /** Claims the response for a protocol switch the connection writes itself; false if the head was claimed. */
    boolean claimForSwitch() {
        return claimOpenHead(draft -> draft.with(Phase.ENDED, draft.pending));
    }

    /**
     * Replaces a draft whose head is still open by {@code claim} of it, after the work claimed before; else false. The
     * server's own claims, each rare: a new draft for each costs nothing that counts.
     */
    private boolean claimOpenHead(UnaryOperator<ResponseDraft> claim) {
        applyPending();
        while (true) {
            ResponseDraft current = draft();
            if (current.state() != Phase.OPEN) {
                return false;
            }
            if (publish(current, Phase.OPEN, claim.apply(current))) {
                return true;
            }
        }
    }

    @Override
    void applyPending() {
        if (applying) {
            return; // the running loop below takes it
        }
        applying = true;
        try {
            for (ResponseDraft current = draft(); current.pending != null; current = draft()) {
                if (current.state() instanceof Phase phase && publish(current, phase, current.with(phase, null))) {
                    for (Pending p = current.pending.inCallOrder(); p != null; p = p.next()) {
                        if (p.queuedBytes() != 0) {
                            addQueued(-p.queuedBytes());
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

    /**
     * Replaces the draft by {@code change} applied to it, atomically; {@code change} throws to refuse, and makes a
     * draft in the phase it found.
     */
    <A, B> void update(Change<A, B> change, A a, B b) {
        while (true) {
            ResponseDraft current = draft();
            if (current.state() instanceof Phase seen) {
                ResponseDraft next = change.apply(current, a, b);
                if (next == current || publish(current, seen, next)) {
                    return;
                }
            }
        }
    }

    /**
     * Makes {@code next}, new and in the phase {@code seen}, the response's draft in place of {@code current}, unless
     * {@code current} changed since it was seen in that phase.
     */
    private boolean publish(ResponseDraft current, Phase seen, ResponseDraft next) {
        if (current == ResponseDraft.INITIAL) {
            return DRAFT.compareAndSet(this, null, next); // shared: its state never changes
        }
        if (!current.link(seen, next)) {
            return false;
        }
        DRAFT.compareAndSet(this, current, next); // else a reader that found the link published it
        return true;
    }

    /** Moves {@code current}'s phase from {@code seen} to {@code next}, unless it changed since it was seen. */
    private boolean advance(ResponseDraft current, Phase seen, Phase next) {
        if (current == ResponseDraft.INITIAL) {
            return DRAFT.compareAndSet(this, null, current.with(next, null));
        }
        return current.advance(seen, next);
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
            ResponseDraft current = draft();
            if (!(current.state() instanceof Phase seen)) {
                continue; // replaced meanwhile
            }
            if (onLoop && !applying && current.pending != null) {
                applyPending(); // earlier claims first
                continue;
            }
            boolean now = onLoop && !applying;
            Phase phase;
            ResponseDraft changed;
            try {
                phase = op.claim(seen, arg);
                changed = op.change(current, arg);
            } catch (IllegalStateException refused) {
                op.refused(arg);
                throw refused;
            }
            boolean claimed;
            if (!now) {
                Pending waiting = new Pending(op, arg, queuedBytes, current.pending);
                claimed = publish(current, seen, changed.with(phase, waiting));
            } else if (changed != current) {
                claimed = publish(current, seen, changed);
            } else {
                claimed = phase == seen || advance(current, seen, phase);
            }
            if (claimed) {
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
