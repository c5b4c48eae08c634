package dev.ventana.host.display.source;

/**
 * Hands out guests' screens: one source per guest, watched by one user's viewer at a time and by
 * a few read-only shadows ({@link ViewerRole}).
 */
public interface ScreenSources {

    /**
     * Joins {@code viewer} to the guest's screen, opening the source unless it is open. A user's
     * viewer takes the guest over: the user's viewer that watched it until now is ended with
     * {@code TAKEN_OVER} (shadows stay). A shadow takes nobody over, and its lease's source drops
     * input.
     *
     * @throws Refusal with {@code NOT_FOUND} for an unknown guest, {@code SESSION_ENDED} for one that
     *     stopped, {@code UPSTREAM_FAILED} for one that failed or cannot be reached, {@code UNAVAILABLE}
     *     when the host is shutting down, {@code TOO_MANY_REQUESTS} for a shadow beyond the guest's limit
     */
    Lease open(String guestId, ScreenViewer viewer, ViewerRole role) throws Refusal;

    /** Joins the user's viewer: {@code open(guestId, viewer, ViewerRole.USER)}. */
    default Lease open(String guestId, ScreenViewer viewer) throws Refusal {
        return open(guestId, viewer, ViewerRole.USER);
    }

    /** One viewer's hold on a source; the source closes with the lease of the last viewer watching the guest. */
    interface Lease extends AutoCloseable {
        ScreenSource source();

        /** Idempotent. */
        @Override
        void close();
    }
}
