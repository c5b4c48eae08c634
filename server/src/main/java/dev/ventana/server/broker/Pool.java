package dev.ventana.server.broker;

/** A desktop pool: what a user launches. {@code currentVersionId} is null until a version is published. */
public record Pool(long id, String name, String displayName, String image, Long currentVersionId, int memoryMib,
                   int vcpus, boolean openToAllUsers) {

    public boolean published() {
        return currentVersionId != null;
    }
}
