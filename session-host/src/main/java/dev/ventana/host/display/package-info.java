/**
 * A guest's display in the browser (docs/protocol.md): the guest's screen read from a screen
 * source, encoded into frames for one viewer at a time, and the viewer's input passed back to
 * the guest. This package holds only the value types every part shares: {@link
 * dev.ventana.host.display.Rect}, {@link dev.ventana.host.display.Screen} and {@link
 * dev.ventana.host.display.Picture}. The parts, by concern:
 *
 * <ul>
 *   <li>{@code protocol}: the wire protocol: the messages both ways and their bytes, what a
 *       browser may send on one connection, and how a connection ends.</li>
 *   <li>{@code codec}: pixels into region messages (SOLID, BITMAP, RAW, PNG, JPEG).</li>
 *   <li>{@code frame}: changes into frames: flow control against the browser's acks, scroll
 *       detection, the host's copy of the browser's canvas, lossy areas repainted once still.</li>
 *   <li>{@code source}: where screens come from and where input goes: one RFB connection per
 *       watched guest, shared by its viewers; browser input translated for the guest.</li>
 *   <li>{@code endpoint}: the WebSocket endpoint only: one connection per viewer, tying the
 *       others together.</li>
 * </ul>
 *
 * <p>Dependencies run one way (DisplayPackagesTest checks it): {@code protocol} needs only this
 * package; {@code codec} needs {@code protocol}; {@code frame} needs {@code codec} and {@code
 * protocol}; {@code source} needs {@code protocol}; {@code endpoint} may use them all.
 */
package dev.ventana.host.display;
