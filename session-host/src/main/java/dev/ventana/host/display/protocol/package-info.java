/**
 * The display protocol of docs/protocol.md as the host speaks it, and nothing else: no pixels,
 * no guests, no WebSockets.
 *
 * <ul>
 *   <li>Messages: {@link dev.ventana.host.display.protocol.BrowserMessage} and {@link
 *       dev.ventana.host.display.protocol.HostMessage}, sealed; the host message records refuse
 *       values the wire cannot carry.</li>
 *   <li>Bytes: {@link dev.ventana.host.display.protocol.BrowserMessageDecoder}, {@link
 *       dev.ventana.host.display.protocol.HostMessageEncoder}, the type numbers and the 1 MiB
 *       limit in {@link dev.ventana.host.display.protocol.MessageType}, key codes in {@link
 *       dev.ventana.host.display.protocol.XtScancode}, a frame's messages joined into BATCH
 *       messages by {@link dev.ventana.host.display.protocol.FrameBatcher}.</li>
 *   <li>One connection's rules: {@link dev.ventana.host.display.protocol.InputGate} (handshake
 *       order, decoding, screen bounds) with {@link dev.ventana.host.display.protocol.InputFlood}
 *       (the rate limit).</li>
 *   <li>Endings: {@link dev.ventana.host.display.protocol.ProtocolViolation} for a browser that
 *       broke the protocol, {@link dev.ventana.host.display.protocol.Ending} for the close code and
 *       reason any connection ends with.</li>
 * </ul>
 *
 * <p>Threads: messages, the decoder and the encoder are immutable or stateless, so safe anywhere;
 * an input gate and its flood belong to one connection and are used by its reader only.
 */
package dev.ventana.host.display.protocol;
