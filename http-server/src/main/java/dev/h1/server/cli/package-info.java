/**
 * The runnable demo server, {@code h1-server.jar}: {@link dev.h1.server.cli.Main} with its command line
 * ({@link dev.h1.server.cli.Options}) and routes. Not part of the library's API.
 */
package dev.h1.server.cli;
