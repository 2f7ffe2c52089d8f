/**
 * One exchange, a request and its response, as the server runs it. Not exported: the application sees it through
 * {@link dev.h1.server.api}.
 *
 * <p><b>The threading rule of the server</b> (this package and {@code dev.h1.server.connection}):
 * <ul>
 *   <li>All state is owned by the connection's event loop and read and written only there, without locks:
 *       {@link dev.h1.server.exchange.Exchange} (persistence, the exchange's end),
 *       {@link dev.h1.server.exchange.RequestBody} ({@code ReadState}),
 *       {@link dev.h1.server.exchange.ResponseWriter} ({@code WriteState}), and the connection's own state. The
 *       body's and the writer's state are the bases of the request and response facades: one object per side.</li>
 *   <li>The objects the application holds are facades that any thread may call: the request, the response, the
 *       connection handle, the upgrade and client-error handles. A call <em>claims</em> its effect on the caller's
 *       thread with one compare-and-set (of the response's immutable {@code ResponseDraft}, of the body's single
 *       consumer, of a client error's single answer), so that a call that is no longer allowed fails right there,
 *       whichever thread made the earlier call, and calls from one thread take effect in their order.</li>
 *   <li>What must then happen on the wire is handed to the event loop
 *       ({@link dev.h1.server.exchange.ExchangeHost#execute}); it runs at once when the call is made on the loop and
 *       nothing claimed earlier waits. The response carries the work claimed on other threads inside its draft, so
 *       the loop applies it in the order the claims succeeded.</li>
 *   <li>Values other threads may read (is the request complete, was it aborted, is the connection kept alive) are
 *       written on the loop into volatile fields.</li>
 * </ul>
 * No state is guarded by a monitor lock: the loop owns it. The one place where a thread waits is on the application's
 * side of the blocking streams ({@code req.bodyStream()}, {@code res.outputStream()}): the reader waits in a queue the
 * loop fills, the writer on a {@code drained()} stage the loop completes; the event loop itself never waits.
 *
 * <p><b>Buffers.</b> A request body piece is lent to the body listener for its call and released by the server; a
 * buffer given to {@code write} or {@code end} is owned by the server from the call on, written or released even
 * when the call is refused.
 */
package dev.h1.server.exchange;
