package dev.ventana.server.hosts;

/** A host's answer to a start: the new guest's id, STARTING. */
public record StartedGuest(String id, String state) {
}
