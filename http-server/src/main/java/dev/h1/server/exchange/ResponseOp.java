package dev.h1.server.exchange;

import dev.h1.codec.InformationalResponse;
import dev.h1.server.api.WriteCallback;
import dev.h1.server.exchange.ResponseDraft.HeadSpec;
import dev.h1.server.exchange.ResponseDraft.Phase;
import io.netty.buffer.ByteBuf;

import java.util.concurrent.CompletableFuture;

/**
 * The calls of a response that must reach the wire, each as two steps: what it claims in the {@link ResponseDraft},
 * on the caller's thread (the phase it moves the response to, throwing to refuse a call that is no longer allowed),
 * and what the {@link ResponseWriter} then does, on the event loop. They are constants, with the call's argument
 * carried beside them, so that describing a call allocates nothing (PipelineBenchmark in http-tests: a lambda per call
 * showed in the allocation profile).
 */
enum ResponseOp {

    /** {@code writeHead}: fixes the status and headers ({@link HeadSpec}). */
    WRITE_HEAD {
        @Override
        Phase claim(Phase phase, Object arg) {
            return Phase.HEAD_FIXED; // the head's own change refuses a fixed head
        }

        @Override
        ResponseDraft change(ResponseDraft draft, Object arg) {
            return draft.withHead((HeadSpec) arg);
        }

        @Override
        void apply(ResponseWriter writer, Object arg) {
            writer.writeHeadNow();
        }
    },

    /** {@code flushHeaders}: fixes the head if it was not, and sends it now. */
    FLUSH_HEAD {
        @Override
        Phase claim(Phase phase, Object arg) {
            return headFixed(phase);
        }

        @Override
        void apply(ResponseWriter writer, Object arg) {
            writer.flushHeadNow();
        }
    },

    /** {@code write}: a piece of the body ({@link ByteBuf}, owned). */
    WRITE {
        @Override
        Phase claim(Phase phase, Object arg) {
            return headFixed(phase.requireNotEnded("write after end"));
        }

        @Override
        void apply(ResponseWriter writer, Object arg) {
            writer.writeNow((ByteBuf) arg);
        }

        @Override
        void refused(Object arg) {
            ((ByteBuf) arg).release();
        }
    },

    /** {@code write(data, callback)}: a piece of the body whose write the application observes ({@link Observed}). */
    WRITE_OBSERVED {
        @Override
        Phase claim(Phase phase, Object arg) {
            return WRITE.claim(phase, arg);
        }

        @Override
        void apply(ResponseWriter writer, Object arg) {
            Observed write = (Observed) arg;
            writer.writeNow(write.data(), write.callback());
        }

        @Override
        void refused(Object arg) {
            ((Observed) arg).data().release();
        }
    },

    /**
     * {@code end}: the last piece of the body ({@link ByteBuf}, owned), or {@code null}; a second plain end is a no-op.
     */
    END {
        @Override
        Phase claim(Phase phase, Object arg) {
            if (phase == Phase.ENDED && arg != null) {
                throw new IllegalStateException("end(data) after end");
            }
            return Phase.ENDED;
        }

        @Override
        void apply(ResponseWriter writer, Object arg) {
            writer.endNow((ByteBuf) arg);
        }

        @Override
        void refused(Object arg) {
            if (arg != null) {
                ((ByteBuf) arg).release();
            }
        }
    },

    /** {@code sendFile}: the whole body from an opened file ({@link FileSender}). */
    SEND_FILE {
        @Override
        Phase claim(Phase phase, Object arg) {
            phase.requireNotEnded(SEND_FILE_AFTER_END);
            return Phase.ENDED;
        }

        @Override
        void apply(ResponseWriter writer, Object arg) {
            writer.sendFileNow((FileSender) arg);
        }

        @Override
        void refused(Object arg) {
            ((FileSender) arg).close();
        }
    },

    /** {@code writeContinue}, {@code writeEarlyHints}: a 1xx before the final head ({@link Interim}). */
    INTERIM {
        @Override
        Phase claim(Phase phase, Object arg) {
            if (phase != Phase.OPEN) {
                throw new IllegalStateException(((Interim) arg).call() + " after the head was sent");
            }
            return phase;
        }

        @Override
        void apply(ResponseWriter writer, Object arg) {
            Interim interim = (Interim) arg;
            writer.writeInformational(interim.message(), interim.written());
        }
    },

    /** {@code onDrain}: a listener for the next drain ({@link Runnable}). */
    DRAIN_LISTENER {
        @Override
        Phase claim(Phase phase, Object arg) {
            return phase;
        }

        @Override
        void apply(ResponseWriter writer, Object arg) {
            writer.addDrainListener((Runnable) arg);
        }
    },

    /** {@code drained()}: a one-shot wait for writability ({@link CompletableFuture}). */
    DRAIN_WAITER {
        @Override
        Phase claim(Phase phase, Object arg) {
            return phase;
        }

        @SuppressWarnings("unchecked")
        @Override
        void apply(ResponseWriter writer, Object arg) {
            writer.addDrainWaiter((CompletableFuture<Void>) arg);
        }
    };

    /** The refusal of a {@code sendFile} after the end, checked before the file is opened and again when claimed. */
    static final String SEND_FILE_AFTER_END = "sendFile after end";

    /** The phase after this call from {@code phase}; throws {@link IllegalStateException} to refuse it. */
    abstract Phase claim(Phase phase, Object arg);

    /**
     * The draft after this call, which must be in the phase {@link #claim} gave: {@code draft} itself unless the call
     * changes more than the phase; throws {@link IllegalStateException} to refuse it.
     */
    ResponseDraft change(ResponseDraft draft, Object arg) {
        return draft;
    }

    /** What the writer does for this call, on the event loop. */
    abstract void apply(ResponseWriter writer, Object arg);

    /** Releases what {@code arg} holds when the call was refused. */
    void refused(Object arg) {
    }

    /** The phase after a call that fixes the head unless it is fixed already. */
    private static Phase headFixed(Phase phase) {
        return phase == Phase.OPEN ? Phase.HEAD_FIXED : phase;
    }

    /** A body piece and the callback that learns when it is written. */
    record Observed(ByteBuf data, WriteCallback callback) {
    }

    /** An interim response: the API call's name (for its error), the message and the stage of its write. */
    record Interim(String call, InformationalResponse message, CompletableFuture<Void> written) {
    }
}
