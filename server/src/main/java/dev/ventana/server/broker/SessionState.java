package dev.ventana.server.broker;

/** PLACING -> STARTING -> RUNNING -> STOPPING -> STOPPED, or FAILED with a reason. */
public enum SessionState {
    PLACING, STARTING, RUNNING, STOPPING, STOPPED, FAILED;

    public boolean live() {
        return this != STOPPED && this != FAILED;
    }
}
