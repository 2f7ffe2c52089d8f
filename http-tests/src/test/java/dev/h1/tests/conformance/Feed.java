package dev.h1.tests.conformance;

import dev.h1.testing.Split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One way of handing an input to the decoder: the reads, in order, and a description that says how to reproduce them.
 *
 * @param description for failure messages, e.g. {@code "EVERY_OFFSET k=17"} or {@code "random seed=42"}
 * @param reads       the pieces, each written with one {@code writeInbound}; concatenated they are the input
 */
public record Feed(String description, List<byte[]> reads) {

    /** Random fragmentations per case, each with its own seed. */
    static final int RANDOM_ROUNDS = 4;
    static final int MAX_RANDOM_PIECE = 8;

    /** The feed that every other feed of an input must decode exactly like. */
    public static Feed whole(byte[] input) {
        return new Feed("WHOLE", List.of(input));
    }

    /**
     * Every feed of {@code input}: {@link Split#WHOLE}, {@link Split#BYTE_BY_BYTE}, each two-piece split
     * ({@link Split#EVERY_OFFSET}), and {@value #RANDOM_ROUNDS} random fragmentations into pieces of 1 to
     * {@value #MAX_RANDOM_PIECE} bytes, seeded from {@code caseId} so that a failure can be reproduced.
     */
    static List<Feed> all(byte[] input, String caseId) {
        List<Feed> feeds = new ArrayList<>();
        for (Split split : Split.values()) {
            List<List<byte[]>> splits = split.feeds(input);
            for (int i = 0; i < splits.size(); i++) {
                String description = split == Split.EVERY_OFFSET && input.length > 1 ? split + " k=" + (i + 1)
                        : split.toString();
                feeds.add(new Feed(description, splits.get(i)));
            }
        }
        long base = seedOf(caseId);
        for (int round = 0; round < RANDOM_ROUNDS; round++) {
            feeds.add(random(input, base + round));
        }
        return feeds;
    }

    /** Pieces of 1 to {@value #MAX_RANDOM_PIECE} bytes drawn from {@code seed}; the same seed gives the same pieces. */
    static Feed random(byte[] input, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> reads = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int from = 0; from < input.length; ) {
            int size = Math.min(1 + random.nextInt(MAX_RANDOM_PIECE), input.length - from);
            reads.add(Arrays.copyOfRange(input, from, from + size));
            sizes.add(size);
            from += size;
        }
        return new Feed("random seed=" + seed + " (Feed.random(input, " + seed + "L)) sizes=" + sizes, reads);
    }

    /** A stable seed per case: {@link String#hashCode()} is specified, so it is the same on every JVM. */
    static long seedOf(String caseId) {
        return caseId.hashCode() * 0x9E3779B97F4A7C15L;
    }

    @Override
    public String toString() {
        return description;
    }
}
