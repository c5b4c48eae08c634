package dev.ventana.host.display.protocol;

/**
 * A token bucket over input messages: typing and pointer motion stay far below it, a script
 * hammering the guest does not. Time comes from the caller so tests need no clock.
 */
public final class InputFlood {

    private final double burst;
    private final double perSecond;
    private double tokens;
    private long lastNanos;
    private boolean started;

    public InputFlood(int burst, int perSecond) {
        if (burst < 1 || perSecond < 1) {
            throw new IllegalArgumentException("burst and rate must be positive");
        }
        this.burst = burst;
        this.perSecond = perSecond;
        this.tokens = burst;
    }

    /** The protocol's limits: a burst of 2000, 1000 per second sustained. */
    public static InputFlood standard() {
        return new InputFlood(2000, 1000);
    }

    /** Counts one input message; false once the client sends more than the bucket allows. */
    public boolean admit(long nowNanos) {
        if (started) {
            long elapsed = Math.max(0, nowNanos - lastNanos);
            tokens = Math.min(burst, tokens + elapsed * perSecond / 1e9);
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
