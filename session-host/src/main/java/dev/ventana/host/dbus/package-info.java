/**
 * A client of QEMU's D-Bus display ({@code -display dbus,p2p=yes}), peer to peer, with no bus and
 * no D-Bus library: {@link dev.ventana.host.dbus.DbusConnection} speaks the wire protocol for the
 * few types the display uses ({@link dev.ventana.host.dbus.DbusWriter}, {@link
 * dev.ventana.host.dbus.DbusBody}), {@link dev.ventana.host.dbus.DisplayHandoff} hands QEMU the
 * connection's other end over a QMP monitor, and {@link dev.ventana.host.dbus.QemuDbusDisplay} keeps
 * the guest's picture and pointer shape ({@link dev.ventana.host.dbus.CursorDecoder}, {@link
 * dev.ventana.host.dbus.CursorImage}) from the listener QEMU calls and sends its keys and pointer. Descriptors
 * (SCM_RIGHTS) travel through junixsocket, since the JDK's unix sockets cannot pass them.
 *
 * <p>Threads: each connection has one virtual reader thread; the listener's tells the
 * framebuffer's and the pointer's listeners of each change (they must not block). Writes are serialised per
 * connection; the framebuffer's lock is held while pixels are written.
 */
package dev.ventana.host.dbus;
