package dev.h1.tests.wire;

import java.util.List;
import java.util.Optional;

/**
 * One case of the llhttp corpus as the wire replay sees it.
 *
 * @param messages the requests llhttp completed (the candidates when a check does not fix how many complete)
 * @param checks   the inputs to replay and h1's verdict on each ({@code H1Policy.checksFor})
 * @param skip     why the case is not replayed, if it is not ({@code H1Policy.skipReason})
 */
record WireCase(String id, String mode, String expect, String notes, List<WireCheck.Message> messages,
                List<WireCheck> checks, Optional<String> skip) {

    @Override
    public String toString() {
        return id;
    }
}
