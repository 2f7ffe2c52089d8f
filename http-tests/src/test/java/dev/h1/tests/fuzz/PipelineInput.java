package dev.h1.tests.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * One input of {@link PipelineFuzzTest}: the bytes, their reads and the decoder configuration as the decoder target
 * reads them ({@link FuzzInput}), plus how the server frames each echo and how the client leaves.
 *
 * <p>The three extra control values are the last bytes of the raw input (Jazzer's provider reads numbers from the
 * end), after {@link FuzzInput}'s: {@code FuzzInput's raw input, chunked bits, fragments before the ending, ending}.
 * So a decoder seed followed by three bytes is a pipeline seed for the same request.
 *
 * @param feed                  the bytes, the reads they are cut into, and the decoder configuration
 * @param chunkedBits           request {@code i} is echoed chunked when bit {@code i % 8} is set, else with a
 *                              Content-Length
 * @param fragmentsBeforeEnding how many reads arrive before the {@link #ending} (all of them when there are fewer)
 * @param ending                how the connection ends after those reads
 */
record PipelineInput(FuzzInput feed, int chunkedBits, int fragmentsBeforeEnding, Ending ending) {

    static final int MAX_FRAGMENTS_BEFORE_ENDING = 255;

    /** How the client leaves once its chosen reads are in. */
    enum Ending {
        /** The client stays; the test closes the channel once the server has answered everything it could. */
        STAYS_OPEN,
        /**
         * The client shuts its output: a FIN, as a channel that allows half-closure reports it
         * ({@code ChannelInputShutdownEvent}). The server can still answer, for example a truncated request.
         */
        CLIENT_SHUTS_OUTPUT,
        /** The channel closes (a reset, or a FIN without half-closure): nothing more can be written. */
        CHANNEL_CLOSES
    }

    /** Reads an input in the order that {@link #encode()} writes it, from the end of the raw input. */
    static PipelineInput from(FuzzedDataProvider data) {
        Ending ending = Ending.values()[data.consumeInt(0, Ending.values().length - 1)];
        int fragmentsBeforeEnding = data.consumeInt(0, MAX_FRAGMENTS_BEFORE_ENDING);
        int chunkedBits = data.consumeByte() & 0xFF;
        return new PipelineInput(FuzzInput.from(data), chunkedBits, fragmentsBeforeEnding, ending);
    }

    /** The raw input that {@link #from} reads back as this one. */
    byte[] encode() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(feed.encode());
        raw.write(chunkedBits);
        raw.write(fragmentsBeforeEnding);
        raw.write(ending.ordinal());
        return raw.toByteArray();
    }

    /** Whether the server echoes request {@code index} (0 for the first on the connection) chunked. */
    boolean echoesChunked(int index) {
        return (chunkedBits >>> (index % 8) & 1) == 1;
    }

    /** The reads that arrive before the ending. */
    List<byte[]> reads() {
        List<byte[]> all = feed.fragmented().reads();
        return all.subList(0, Math.min(all.size(), fragmentsBeforeEnding));
    }

    @Override
    public String toString() {
        return feed + "; chunked bits " + Integer.toBinaryString(chunkedBits) + ", " + ending + " after "
                + reads().size() + " of " + feed.fragmented().reads().size() + " reads";
    }
}
