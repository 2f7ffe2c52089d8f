/**
 * h1's HTTP/1.1 codec for Netty: a strict request decoder ({@link dev.h1.codec.decoder.RequestDecoder}), a response
 * encoder ({@link dev.h1.codec.encoder.ResponseEncoder}) and the typed messages and rules they share
 * ({@link dev.h1.codec}). Only these three packages are exported; the Netty modules whose types appear in their API
 * are required transitively, so a module that reads this one reads them too.
 */
// Named after its principal package, as the JLS recommends; javac's lint would rather the "h1" had no digit.
@SuppressWarnings("module")
module dev.h1.codec {
    requires transitive io.netty.buffer;
    requires transitive io.netty.codec;
    requires transitive io.netty.common;
    requires transitive io.netty.transport;

    exports dev.h1.codec;
    exports dev.h1.codec.decoder;
    exports dev.h1.codec.encoder;
}
