package dev.h1.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a test feeds one input to a decoder. Every decoder test runs each input in every way, and the decoded results
 * must be identical: a request split across any number of reads decodes exactly like the whole request.
 */
public enum Split {
    /** The whole input in one read. */
    WHOLE,
    /** One byte per read. */
    BYTE_BY_BYTE,
    /** For every offset k in 1..length-1: two reads, {@code [0,k)} then {@code [k,length)}. One feed per offset. */
    EVERY_OFFSET;

    /** The feeds this split makes of {@code input}: each feed is the list of reads, in order. */
    public List<List<byte[]>> feeds(byte[] input) {
        List<List<byte[]>> feeds = new ArrayList<>();
        switch (this) {
            case WHOLE -> feeds.add(List.of(input));
            case BYTE_BY_BYTE -> {
                List<byte[]> reads = new ArrayList<>(input.length);
                for (byte b : input) {
                    reads.add(new byte[] {b});
                }
                feeds.add(reads);
            }
            case EVERY_OFFSET -> {
                for (int k = 1; k < input.length; k++) {
                    feeds.add(List.of(Arrays.copyOfRange(input, 0, k), Arrays.copyOfRange(input, k, input.length)));
                }
                if (input.length < 2) {
                    feeds.add(List.of(input));
                }
            }
        }
        return feeds;
    }
}
