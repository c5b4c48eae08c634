/**
 * Frame flow for one viewer: from "the screen changed here" to the messages of the next frame.
 * {@link dev.ventana.host.display.frame.DisplayStream} is all the endpoint sees.
 *
 * <ul>
 *   <li>{@link dev.ventana.host.display.frame.FrameComposer} collects damage ({@link
 *       dev.ventana.host.display.frame.DamageList}, bounded) and hands out a frame's work only
 *       while the browser's window of unacknowledged frames is open; {@link
 *       dev.ventana.host.display.frame.ChangeHeat} tells it which tiles change fast enough to go
 *       lossy and when a lossy tile has been still long enough for its lossless repaint.</li>
 *   <li>{@link dev.ventana.host.display.frame.FrameEncoder} encodes that work from the screen as it
 *       is now: first a COPY where part of the screen scrolled ({@link
 *       dev.ventana.host.display.frame.ScrollDetector}), then only what differs from the host's
 *       copy of the browser's canvas ({@link dev.ventana.host.display.frame.CanvasMirror}); a block
 *       moved in any direction (a dragged window) becomes a COPY too ({@link
 *       dev.ventana.host.display.frame.MoveDetector}), and what such a move uncovers again goes
 *       as RESTORE from the browser's save-under where it holds exactly that ({@link
 *       dev.ventana.host.display.frame.Exposures}). It returns what went lossy; the stream passes
 *       that back to the composer.</li>
 * </ul>
 *
 * <p>Threads: none of them is thread-safe and none reads a clock (time is passed in); one stream
 * per connection, used under the connection's stream lock.
 */
package dev.ventana.host.display.frame;
