package dev.ventana.server.broker;

import java.util.Arrays;
import java.util.List;

/**
 * PLACING -> STARTING -> RUNNING -> STOPPING -> STOPPED, or FAILED with a reason, or LOST (its
 * host went DOWN) with a reason. The last three are final.
 */
public enum SessionState {
    PLACING, STARTING, RUNNING, STOPPING, STOPPED, FAILED, LOST;

    /** The SQL list of final states, for {@code state NOT IN (...)}. */
    static final String FINAL_SQL = "('STOPPED', 'FAILED', 'LOST')";

    /** The states that are not final, in lifecycle order. */
    static List<SessionState> liveStates() {
        return Arrays.stream(values()).filter(SessionState::live).toList();
    }

    public boolean live() {
        return this != STOPPED && this != FAILED && this != LOST;
    }
}
