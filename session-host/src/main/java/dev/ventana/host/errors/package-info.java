/**
 * The session host's one error vocabulary, {@link dev.ventana.host.errors.ErrorKind}: the HTTP
 * status of the agent API's problem documents and the close code of the display endpoint. It
 * mirrors the server's {@code dev.ventana.server.errors}, names and numbers alike, because the
 * host does not depend on the server.
 */
package dev.ventana.host.errors;
