package dev.h1.codec;

/**
 * The user event that {@link dev.h1.codec.decoder.RequestDecoder} fires when the first byte of a new request
 * arrives: the moment a server starts the deadline for the request's head (a slowloris defence), rather than when the
 * head is complete.
 *
 * <pre>
 * p.addLast("h1-decoder", new RequestDecoder());
 * p.addLast("app", new ChannelInboundHandlerAdapter() {
 *     &#64;Override
 *     public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
 *         if (event == RequestStarted.INSTANCE) {
 *             // start the headers deadline
 *         }
 *         ctx.fireUserEventTriggered(event);
 *     }
 * });
 * </pre>
 *
 * <p>It is fired through {@code ctx.fireUserEventTriggered(..)} on the channel's event loop, at most once per request,
 * for any byte received while the decoder awaits a request, including the empty lines that may precede a request
 * line (RFC 9112 §2.2). It always follows every message of the previous request, and it is never fired after the
 * decoder stopped parsing HTTP (after a failure, a request that closes the connection, an upgrade or a CONNECT). A
 * pipeline that does not handle it loses nothing: the pipeline's tail ignores unknown events. It is a constant and
 * holds no buffer.
 */
public enum RequestStarted {
    /** The only instance: compare with {@code ==}. */
    INSTANCE
}
