/**
 * The session host's display endpoint, {@code /display/{guestId}} (docs/protocol.md, "Host
 * endpoint"): the server's gateway connects with the farm token and relays one browser's
 * display protocol conversation.
 *
 * <ul>
 *   <li>{@link dev.ventana.host.display.endpoint.FarmTokenHandshake} refuses strangers at the
 *       handshake (HTTP 401) and takes the guest id from the path.</li>
 *   <li>{@link dev.ventana.host.display.endpoint.DisplayWebSocketHandler} is the Spring WebSocket
 *       side: inbound parts joined up to 1 MiB, outbound sends through a
 *       {@code ConcurrentWebSocketSessionDecorator} with a time and a size limit.</li>
 *   <li>{@link dev.ventana.host.display.endpoint.DisplayConnection} is one viewer, independent of
 *       the WebSocket library: the input gate, the display stream, the input translation, and one
 *       "pump" task at a time that encodes and sends the next frame when something changed, an
 *       ack came, or the refinement timer ticked.</li>
 *   <li>{@link dev.ventana.host.display.endpoint.RfbScreenSources} gives every guest one screen
 *       source (an RFB connection to QEMU's VNC server) shared by its viewers, open only while
 *       someone watches, and tells viewers how the guest ended.</li>
 * </ul>
 *
 * <p>Threads: the RFB reader only notes damage and wakes the pump; the pump encodes under the
 * framebuffer's lock and sends outside every lock; the WebSocket reader runs the input gate and
 * writes input to the guest (keys paced 10 ms apart per guest). Lock order: connection lock, then
 * framebuffer lock; the registry's lock is never held while calling out.
 */
package dev.ventana.host.display.endpoint;
