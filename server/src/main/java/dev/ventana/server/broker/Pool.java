package dev.ventana.server.broker;

/**
 * A pool: what a user launches. {@code currentVersionId} (and {@code version}, its 16-hex id) is
 * null until a version is published; {@code icon} is the application's from the image manifest,
 * or "desktop".
 */
public record Pool(long id, String name, String image, Long currentVersionId, String version, String icon,
                   PoolSettings settings) {

    public boolean published() {
        return currentVersionId != null;
    }

    public String displayName() {
        return settings.displayName();
    }

    public int memoryMib() {
        return settings.memoryMib();
    }

    public PoolKind kind() {
        return settings.kind();
    }
}
