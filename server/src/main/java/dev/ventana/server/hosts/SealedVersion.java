package dev.ventana.server.hosts;

/** A host's answer to a seal: the new version's 16-hex id, its parent's, its own bytes and how long it took. */
public record SealedVersion(String version, String parent, long sizeBytes, double sealSeconds) {
}
