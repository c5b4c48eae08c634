package dev.ventana.host.guest;

/** A launch that restores from a template where one is made (see Restore); {@code pageSharing} as in GuestSpec. */
record InstantOn(Templates templates, boolean pageSharing) {
}
