package dev.h1.server.compression;

import java.util.zip.Deflater;

/** Makes the {@link Deflater} of one compressed body; tests substitute one that records {@link Deflater#end()}. */
@FunctionalInterface
interface DeflaterFactory {

    /** The JDK's zlib deflater. */
    DeflaterFactory JDK = Deflater::new;

    /**
     * A new deflater.
     *
     * @param level  compression level 1 to 9
     * @param nowrap true for a raw deflate stream (gzip frames it itself), false for the zlib format
     * @return a deflater the caller must {@link Deflater#end()}
     */
    Deflater create(int level, boolean nowrap);
}
