/**
 * Screen sources and guest input: where a viewer's picture comes from and where its input goes.
 *
 * <ul>
 *   <li>{@link dev.ventana.host.display.source.ScreenSources} hands out one {@link
 *       dev.ventana.host.display.source.ScreenSource} per guest, watched by one user's {@link
 *       dev.ventana.host.display.source.ScreenViewer} at a time and by up to four read-only
 *       shadows ({@link dev.ventana.host.display.source.ViewerRole}), or a {@link
 *       dev.ventana.host.display.source.Refusal}. {@link
 *       dev.ventana.host.display.source.RfbScreenSources} is the implementation: one screen link
 *       per guest, open only while someone watches ({@code ScreenDialer} opens a {@code DbusLink}
 *       to QEMU's D-Bus display for a guest on virtio-gpu, else, or when that fails, an {@code
 *       RfbLink} to its VNC server); a user's
 *       viewer that comes takes the guest over and the user's viewer before is ended with {@code
 *       TAKEN_OVER} (shadows stay), and the viewers are told how their guest ended. Each guest's
 *       screen is a {@code GuestScreen}: its connection, its viewers (which of them are shadows),
 *       its {@code KeyPacing}, and the guest's pointer shape, which only a {@code DbusLink} reports (a
 *       virtio-gpu's hardware cursor is not in the picture): the screen keeps the latest for
 *       viewers that join later and tells every viewer, shadows too, that it changed. A shadow's lease hands out a {@code ShadowView} of the screen,
 *       which drops input. It also answers the farm's heartbeat with a guest's {@link
 *       dev.ventana.host.display.source.GuestActivity}: the user's viewers (not the shadows) and
 *       its {@code LastInput}, which is kept per guest, not per screen, until the guest ends.</li>
 *   <li>{@link dev.ventana.host.display.source.GuestInput} is input as the guest takes it; {@link
 *       dev.ventana.host.display.source.RfbInputTranslator} makes it from the browser's messages
 *       and remembers the keys and buttons held, to release them when a viewer goes.</li>
 * </ul>
 *
 * <p>Threads: a guest's link reader (RFB's, or the D-Bus listener's) tells its viewers of damage and of pointer shapes (they must not block); input is
 * sent on the caller's thread, keys paced 10 ms apart per guest; a guest's end and a takeover
 * reach the viewers they end on background threads, so a viewer that joins never waits for the
 * one it takes over to close. The locks, all {@code ReentrantLock}s:
 *
 * <ul>
 *   <li>the registry's ({@code RfbScreenSources.lock}) guards which guests have screens and
 *       last input times, and is held while a viewer joins or leaves and while a screen ends, so
 *       that the map and the screen change as one; never held while calling out;</li>
 *   <li>a screen's connect lock ({@code GuestScreen.connecting}) is held through the link's
 *       handshake, so that one viewer opens the link while the others wait;</li>
 *   <li>a screen's state lock ({@code GuestScreen.state}) guards how it ended, changes to its
 *       viewers and which of them are shadows, and is held while its connection is published;
 *       held for nothing that blocks;</li>
 *   <li>a guest's key lock ({@code KeyPacing.lock}) is held while waiting out the pace and
 *       sending, with no other of these;</li>
 *   <li>the framebuffer's lock is taken here only by {@code withScreen}.</li>
 * </ul>
 *
 * <p>A guest's last input time is a volatile that every input overwrites, under no lock.
 *
 * <p>Lock order: the registry's lock or a screen's connect lock (never both), then that screen's
 * state lock.
 */
package dev.ventana.host.display.source;
