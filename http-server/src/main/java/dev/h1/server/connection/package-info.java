/**
 * The life of an HTTP/1.1 connection: {@link dev.h1.server.connection.Http1Connection} (the channel handler), its
 * state machine ({@code ExchangeSequence}) and the parts it directs (the inbound queue and read control, the
 * dispatcher into the application, the read deadlines, client errors, the protocol switch). Not exported; the
 * threading rule is that of {@link dev.h1.server.exchange}.
 */
package dev.h1.server.connection;
