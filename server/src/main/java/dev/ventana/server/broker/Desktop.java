package dev.ventana.server.broker;

import java.util.Optional;

/** What "My desktops" shows: a pool the user may launch and their live session in it, if any. */
public record Desktop(Pool pool, Optional<DesktopSession> session) {
}
