package dev.h1.codec.internal;

import org.junit.jupiter.api.Test;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A thread's spare is lent to one borrower at a time, and never shared between threads or borrowers. */
class ThreadSpareTest {

    @Test
    void lendsTheSpareToOneBorrowerAtATimeAndKeepsOneGivenBack() {
        ThreadSpare<Object> spare = new ThreadSpare<>(Object::new);
        Object first = spare.take();
        Object second = spare.take();
        assertNotSame(first, second, "while the spare is out, a borrower gets a new object");
        spare.giveBack(first);
        spare.giveBack(second); // the slot holds one already: dropped
        assertSame(first, spare.take(), "the first given back is the spare");
        Object fresh = spare.take();
        assertNotSame(first, fresh);
        assertNotSame(second, fresh, "an object given back to a full slot is not kept");
    }

    @Test
    void eachThreadHasASpareOfItsOwn() throws Exception {
        ThreadSpare<Object> spare = new ThreadSpare<>(Object::new);
        Object mine = spare.take();
        spare.giveBack(mine);
        Object theirs = CompletableFuture.supplyAsync(spare::take).get();
        assertNotSame(mine, theirs);
        assertSame(mine, spare.take());
    }

    @Test
    void discardsWhatItDoesNotKeepAndTheSpareOfAnEndingThread() throws Exception {
        List<Object> discarded = new CopyOnWriteArrayList<>();
        ThreadSpare<Object> spare = new ThreadSpare<>(Object::new, discarded::add);
        Object kept = new Object();
        Object extra = new Object();
        Thread thread = new DefaultThreadFactory("spare-test").newThread(() -> {
            spare.giveBack(kept);
            spare.giveBack(extra); // the slot is full
        });
        thread.start();
        thread.join(30_000);
        assertEquals(List.of(extra, kept), discarded, "the extra at once, the spare when its thread ended");
    }
}
