package dev.h1.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves that the leak check of every test can fail: a buffer dropped without release must be reported. */
class LeakCheckSelfTest {

    @Test
    void reportsABufferThatWasNeverReleased() throws Exception {
        leakOneBuffer();
        AssertionError error = assertThrows(AssertionError.class, () -> LeakCheckExtension.assertNoLeaks("self test"));
        assertTrue(error.getMessage().contains("LEAK"), error.getMessage());
    }

    private static void leakOneBuffer() {
        ByteBuf leaked = Unpooled.directBuffer(16);
        leaked.writeByte(1);
        // dropped on purpose: no release
    }
}
