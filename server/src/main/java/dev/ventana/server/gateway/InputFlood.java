package dev.ventana.server.gateway;

/**
 * The display protocol's input flood limit (docs/protocol.md, "Limits"), applied by the gateway
 * where a browser's messages arrive: a token bucket of {@link #BURST} messages refilled at
 * {@link #PER_SECOND}. The session host applies the same limit, but it counts as it reads, and it
 * reads a guest's keys only 10 ms apart: a script sending keys as fast as it can was never
 * counted as a flood there, and its messages piled up in the gateway instead (bench/hostile).
 * Time comes from the caller so tests need no clock; one per relay, used under its lock.
 */
final class InputFlood {
    static final int BURST = 2000;
    static final int PER_SECOND = 1000;

    private double tokens = BURST;
    private long lastNanos;
    private boolean started;

    /** Counts one message; false once the browser sends more than the bucket allows. */
    boolean admit(long nowNanos) {
        if (started) {
            long elapsed = Math.max(0, nowNanos - lastNanos);
            tokens = Math.min(BURST, tokens + elapsed * (double) PER_SECOND / 1e9);
        }
        started = true;
        lastNanos = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
