package dev.ventana.host.display.source;

/** Hands out guests' screens: one source per guest however many viewers watch it. */
public interface ScreenSources {

    /**
     * Joins {@code viewer} to the guest's screen, opening the source if it is the first viewer.
     *
     * @throws Refusal with {@code NOT_FOUND} for an unknown guest, {@code SESSION_ENDED} for one that
     *     stopped, {@code UPSTREAM_FAILED} for one that failed or cannot be reached, {@code UNAVAILABLE}
     *     when the guest has as many viewers as allowed
     */
    Lease open(String guestId, ScreenViewer viewer) throws Refusal;

    /** One viewer's hold on a source; closing the last lease of a guest closes its source. */
    interface Lease extends AutoCloseable {
        ScreenSource source();

        /** Idempotent. */
        @Override
        void close();
    }
}
