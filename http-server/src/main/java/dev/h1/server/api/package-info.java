/**
 * The application's API, shaped after Node's {@code http} server: a {@link dev.h1.server.api.RequestHandler} gets a
 * {@link dev.h1.server.api.ServerRequest} and a {@link dev.h1.server.api.ServerResponse} for every request.
 *
 * <p><b>Threading.</b> Handlers and listeners are called on the connection's event loop, one exchange at a time per
 * connection. The request, the response and the connection may be used from any thread: each call takes effect
 * atomically when it is made (a call that is not allowed any more, such as a header after the head was sent, throws
 * at once), and calls made from one thread take effect in their order.
 *
 * <p><b>Buffers.</b> A {@link io.netty.buffer.ByteBuf} given to {@link dev.h1.server.api.BodyListener#onData} is lent
 * for the call: {@code retain()} it to keep it. A {@code ByteBuf} given to {@code write} or {@code end} passes to the
 * server, which releases it even when it refuses the call; {@code String} and {@code byte[]} data are copied.
 */
package dev.h1.server.api;
