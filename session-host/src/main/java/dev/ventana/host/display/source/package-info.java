/**
 * Screen sources and guest input: where a viewer's picture comes from and where its input goes.
 *
 * <ul>
 *   <li>{@link dev.ventana.host.display.source.ScreenSources} hands out one {@link
 *       dev.ventana.host.display.source.ScreenSource} per guest, shared by all its {@link
 *       dev.ventana.host.display.source.ScreenViewer}s, or a {@link
 *       dev.ventana.host.display.source.Refusal}. {@link
 *       dev.ventana.host.display.source.RfbScreenSources} is the implementation today: one RFB
 *       connection to QEMU's VNC server per guest, open only while someone watches, and it tells
 *       every viewer how its guest ended.</li>
 *   <li>{@link dev.ventana.host.display.source.GuestInput} is input as the guest takes it; {@link
 *       dev.ventana.host.display.source.RfbInputTranslator} makes it from the browser's messages
 *       and remembers the keys and buttons held, to release them when a viewer goes.</li>
 * </ul>
 *
 * <p>Threads: a guest's RFB reader tells its viewers of damage (they must not block); input is
 * sent on the caller's thread, keys paced 10 ms apart per guest under that guest's key lock; a
 * guest's end reaches its viewers from a background thread. Locks: the registry's (the {@code
 * RfbScreenSources} monitor) is never held while calling out, a guest's connect lock is taken
 * before it, and the framebuffer's lock is held only by {@code withScreen}.
 */
package dev.ventana.host.display.source;
