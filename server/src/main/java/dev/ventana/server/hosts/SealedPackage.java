package dev.ventana.server.hosts;

/**
 * A host's answer to a packaging seal: the new package version's 16-hex id, its manifest's
 * sha256, its size and how long the seal took. {@code os} (the guest's {@code ID-VERSION_ID}) is
 * not in the contract's answer: null unless a host adds it; its heartbeat reports the manifest's.
 */
public record SealedPackage(String name, String version, String sha256, long sizeBytes, double sealSeconds, String os) {
}
