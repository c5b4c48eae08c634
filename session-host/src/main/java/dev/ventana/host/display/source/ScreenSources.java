package dev.ventana.host.display.source;

/** Hands out guests' screens: one source per guest, watched by one viewer at a time. */
public interface ScreenSources {

    /**
     * Joins {@code viewer} to the guest's screen, opening the source unless it is open. The viewer
     * takes the guest over: whoever watched it until now is ended with {@code TAKEN_OVER}.
     *
     * @throws Refusal with {@code NOT_FOUND} for an unknown guest, {@code SESSION_ENDED} for one that
     *     stopped, {@code UPSTREAM_FAILED} for one that failed or cannot be reached, {@code UNAVAILABLE}
     *     when the host is shutting down
     */
    Lease open(String guestId, ScreenViewer viewer) throws Refusal;

    /** One viewer's hold on a source; the source closes with the lease of the viewer watching the guest. */
    interface Lease extends AutoCloseable {
        ScreenSource source();

        /** Idempotent. */
        @Override
        void close();
    }
}
