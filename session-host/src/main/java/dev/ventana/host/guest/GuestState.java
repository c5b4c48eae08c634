package dev.ventana.host.guest;

/** STARTING -> RUNNING -> STOPPING -> STOPPED, or FAILED (with a reason) from any of them. */
public enum GuestState {
    STARTING,
    RUNNING,
    STOPPING,
    STOPPED,
    FAILED;

    public boolean isFinal() {
        return this == STOPPED || this == FAILED;
    }
}
