package dev.h1.codec.encoder;

import dev.h1.codec.EndOfResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.h1.codec.encoder.Wire.DATE;
import static dev.h1.codec.encoder.Wire.content;
import static dev.h1.codec.encoder.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The event loop's spare batch buffer: opened again only when the transport (here, the test) let go of it, by channels
 * whose batches come from its allocator, on threads that release it when they end.
 */
class SpareBatchBufferTest {

    private static final String HELLO = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n" + DATE + "\r\nhello";
    private static final String BYE = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n" + DATE + "\r\nbye";

    @Test
    void opensTheBatchAgainInTheBufferTheTransportLetGoOf() {
        onEventLoopThread(() -> {
            EmbeddedChannel channel = Wire.channel();
            ByteBuf first = respond(channel, "hello");
            assertEquals(HELLO, first.toString(StandardCharsets.ISO_8859_1));
            first.release(); // written: the spare's reference is left
            ByteBuf second = respond(channel, "bye");
            assertSame(first, second);
            assertEquals(BYE, second.toString(StandardCharsets.ISO_8859_1));
            second.release();
            assertFalse(channel.finishAndReleaseAll());
            return null;
        });
    }

    @Test
    void neverWritesIntoABatchStillBeingWritten() {
        onEventLoopThread(() -> {
            EmbeddedChannel channel = Wire.channel();
            ByteBuf held = respond(channel, "hello"); // not released: the transport still writes it
            ByteBuf next = respond(channel, "bye");
            assertNotSame(held, next);
            assertEquals(HELLO, held.toString(StandardCharsets.ISO_8859_1));
            assertEquals(1, held.refCnt(), "the spare let go of its reference; the holder frees it");
            held.release();
            next.release();
            assertFalse(channel.finishAndReleaseAll());
            return null;
        });
    }

    @Test
    void isOpenedOnlyByChannelsWhoseBatchesComeFromItsAllocator() {
        onEventLoopThread(() -> {
            EmbeddedChannel pooled = Wire.channel();
            EmbeddedChannel unpooled = Wire.channel();
            unpooled.config().setAllocator(new UnpooledByteBufAllocator(false));
            ByteBuf spare = respond(pooled, "hello");
            spare.release();
            respond(unpooled, "bye").release(); // its first batch: which allocator it uses is not known yet
            assertEquals(1, spare.refCnt(), "still the spare");
            ByteBuf own = respond(unpooled, "bye");
            assertNotSame(spare, own);
            assertEquals(0, spare.refCnt(), "let go of, and freed");
            assertEquals(BYE, own.toString(StandardCharsets.ISO_8859_1));
            own.release();
            ByteBuf again = respond(unpooled, "bye");
            assertSame(own, again, "the unpooled channel's own batch is the spare now");
            again.release();
            assertFalse(pooled.finishAndReleaseAll());
            assertFalse(unpooled.finishAndReleaseAll());
            return null;
        });
    }

    @Test
    void isNotOpenedOnceTheChannelsAllocatorChanged() {
        onEventLoopThread(() -> {
            EmbeddedChannel channel = Wire.channel();
            ByteBuf spare = respond(channel, "hello");
            spare.release();
            channel.config().setAllocator(new UnpooledByteBufAllocator(false));
            ByteBuf next = respond(channel, "bye");
            assertNotSame(spare, next);
            assertEquals(1, spare.refCnt(), "left alone, still the thread's spare");
            assertEquals(BYE, next.toString(StandardCharsets.ISO_8859_1));
            next.release();
            assertFalse(channel.finishAndReleaseAll());
            assertEquals(0, spare.refCnt(), "let go of when the encoder left its pipeline");
            return null;
        });
    }

    @Test
    void isNotOpenedForABatchLargerThanItIs() {
        onEventLoopThread(() -> {
            EmbeddedChannel channel = Wire.channel();
            ByteBuf small = respond(channel, "hello"); // room for the head and WriteBatch.MAX_COPY_BYTES
            small.release();
            String padding = "p".repeat(small.capacity());
            channel.writeOutbound(head(200, "Content-Length", "5", "X-Padding", padding), content("hello"),
                    EndOfResponse.NO_TRAILERS);
            ByteBuf large = channel.readOutbound();
            assertNotSame(small, large);
            assertEquals(0, small.refCnt(), "let go of, and freed");
            assertEquals(HELLO.replace(DATE, "X-Padding: " + padding + "\r\n" + DATE),
                    large.toString(StandardCharsets.ISO_8859_1));
            large.release();
            assertFalse(channel.finishAndReleaseAll());
            return null;
        });
    }

    @Test
    void isReleasedWhenTheThreadEnds() {
        ByteBuf written = onEventLoopThread(() -> {
            EmbeddedChannel channel = Wire.channel();
            ByteBuf batch = respond(channel, "hello");
            batch.release();
            assertEquals(1, batch.refCnt(), "kept as the thread's spare");
            return batch; // the channel stays open: it holds nothing else
        });
        assertEquals(0, written.refCnt());
    }

    @Test
    void isLetGoOfWhenAnEncoderLeavesItsPipeline() {
        onEventLoopThread(() -> {
            EmbeddedChannel served = Wire.channel();
            EmbeddedChannel closing = Wire.channel();
            ByteBuf batch = respond(served, "hello");
            batch.release();
            assertFalse(closing.finishAndReleaseAll());
            assertEquals(0, batch.refCnt(), "an event loop whose connections closed holds nothing of their allocator");
            assertFalse(served.finishAndReleaseAll());
            return null;
        });
    }

    @Test
    void isNotKeptOnAThreadThatWouldDropItUnreleased() {
        EmbeddedChannel channel = Wire.channel(); // the test's own thread: no clean-up of its thread-locals
        ByteBuf batch = respond(channel, "hello");
        batch.release();
        assertEquals(0, batch.refCnt());
        assertFalse(channel.finishAndReleaseAll());
    }

    /** Writes a whole response with {@code body}, flushes, and returns the one buffer written. */
    private static ByteBuf respond(EmbeddedChannel channel, String body) {
        channel.writeOutbound(head(200, "Content-Length", String.valueOf(body.length())), content(body),
                EndOfResponse.NO_TRAILERS);
        ByteBuf batch = channel.readOutbound();
        assertNull(channel.readOutbound(), "one buffer per response");
        return batch;
    }

    /**
     * Runs {@code body} on a thread made by Netty's thread factory, as an event loop's is (it removes its fast
     * thread-locals when it ends), and returns its result once the thread has ended.
     */
    private static <T> T onEventLoopThread(Supplier<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new DefaultThreadFactory("spare-test").newThread(() -> {
            try {
                result.complete(body.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        thread.start();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            return result.get(0, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
