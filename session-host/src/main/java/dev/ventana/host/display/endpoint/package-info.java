/**
 * The session host's display endpoint, {@code /display/{guestId}} (docs/protocol.md, "Host
 * endpoint"): the server's gateway connects with the farm token and relays one browser's
 * display protocol conversation. Only the WebSocket endpoint lives here; what it ties together
 * is in the sibling packages (protocol, frame, source).
 *
 * <ul>
 *   <li>{@link dev.ventana.host.display.endpoint.FarmTokenHandshake} refuses strangers at the
 *       handshake (HTTP 401), takes the guest id from the path and the viewer's role from the
 *       query ({@code ?mode=shadow} for an administrator's read-only shadow; any other query is
 *       HTTP 400).</li>
 *   <li>{@link dev.ventana.host.display.endpoint.DisplayWebSocketHandler} is the Spring WebSocket
 *       side: inbound parts joined up to 1 MiB ({@link
 *       dev.ventana.host.display.endpoint.MessageAssembler}), outbound sends through a
 *       {@code ConcurrentWebSocketSessionDecorator} with a time and a size limit.</li>
 *   <li>{@link dev.ventana.host.display.endpoint.DisplayConnection} is one viewer, independent of
 *       the WebSocket library: it admits the browser's messages through the input gate, keeps the
 *       display stream, and sends whatever is due from its pump task. A shadow's connection
 *       checks its key, pointer and wheel messages at the gate like any other and drops them
 *       there.</li>
 *   <li>{@link dev.ventana.host.display.endpoint.Pump} runs that task one run at a time, when
 *       something changed, an ack or a ping came, or the refinement tick fired.</li>
 *   <li>{@link dev.ventana.host.display.endpoint.WireEncoder} turns the pump's messages into
 *       the bytes sent: a frame joined into BATCH messages for a browser that takes them.</li>
 *   <li>{@link dev.ventana.host.display.endpoint.OutOfFrame} holds what goes out between frames:
 *       the pointer shape (CURSOR) the viewer has not been sent yet ({@link
 *       dev.ventana.host.display.endpoint.PointerUpdates}: only the newest, read from the source)
 *       and the text the guest last copied.</li>
 *   <li>{@link dev.ventana.host.display.endpoint.PendingDamage} holds, bounded, the changes the
 *       screen source reported until the pump takes them.</li>
 *   <li>{@link dev.ventana.host.display.endpoint.ViewerInput} passes the viewer's input to the
 *       guest and releases the keys and buttons it holds when the viewer goes.</li>
 * </ul>
 *
 * <p>Threads, per connection:
 * <ul>
 *   <li>the WebSocket reader, one message at a time, runs the input gate, updates the stream
 *       (HELLO, acks, refresh, pings) and delivers input to the guest, waiting for the key pacing
 *       (10 ms apart per guest);</li>
 *   <li>the screen source's thread (the guest's RFB or D-Bus reader) only notes damage (or a new
 *       pointer shape) and asks for a pump run: it never waits for an encoder or the network;</li>
 *   <li>the pump, one virtual thread at a time, sends the HELLO, the pointer shape, the guest's
 *       clipboard text, the pongs and the next frame: it
 *       encodes under the stream lock and the framebuffer's lock and sends outside every lock;</li>
 *   <li>the timer thread fires the refinement tick and the HELLO timeout;</li>
 *   <li>a background thread of the screen source ends the connection when its guest ends or
 *       another viewer takes the guest over;</li>
 *   <li>any of them may close the connection, which releases the held input, then the lease.</li>
 * </ul>
 *
 * <p>Locks are {@code ReentrantLock}s, each private to the class whose state it guards. Lock
 * order: {@code DisplayConnection}'s stream lock, then the framebuffer's lock; {@code
 * ViewerInput}'s lock, then the source's key pacing and RFB writes. The stream lock and the
 * input lock are never held together; {@code PendingDamage}'s lock is held for nothing else; the
 * pump takes none (a request counter decides who runs). No lock is held while sending to the
 * viewer or closing it, and the source registry's lock is never held while calling out.
 */
package dev.ventana.host.display.endpoint;
