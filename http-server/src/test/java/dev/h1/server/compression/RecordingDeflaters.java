package dev.h1.server.compression;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/** JDK deflaters that count their {@link Deflater#end()} calls, to prove the native memory is freed on every path. */
final class RecordingDeflaters implements DeflaterFactory {

    private final List<Deflater> made = new ArrayList<>();
    private int ended;
    private boolean failing;

    /** From now on, made deflaters fail on {@code deflate}, as one would on a native error. */
    RecordingDeflaters failing() {
        failing = true;
        return this;
    }

    @Override
    public Deflater create(int level, boolean nowrap) {
        Deflater deflater = new Deflater(level, nowrap) {
            @Override
            public int deflate(java.nio.ByteBuffer output, int flush) {
                if (failing) {
                    throw new IllegalStateException("deflate failed (test)");
                }
                return super.deflate(output, flush);
            }

            @Override
            public void end() {
                ended++;
                super.end();
            }
        };
        made.add(deflater);
        return deflater;
    }

    int made() {
        return made.size();
    }

    /** How many deflaters were made and not ended (ended twice counts as a bug too). */
    int live() {
        return made.size() - ended;
    }

    int ended() {
        return ended;
    }
}
