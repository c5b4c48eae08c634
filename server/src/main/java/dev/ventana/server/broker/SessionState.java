package dev.ventana.server.broker;

/**
 * PLACING -> STARTING -> RUNNING -> STOPPING -> STOPPED, or FAILED with a reason, or LOST (its
 * host went DOWN) with a reason. The last three are final.
 */
public enum SessionState {
    PLACING, STARTING, RUNNING, STOPPING, STOPPED, FAILED, LOST;

    /** The SQL list of final states, for {@code state NOT IN (...)}. */
    static final String FINAL_SQL = "('STOPPED', 'FAILED', 'LOST')";

    public boolean live() {
        return this != STOPPED && this != FAILED && this != LOST;
    }
}
