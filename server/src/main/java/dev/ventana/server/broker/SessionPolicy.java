package dev.ventana.server.broker;

import java.time.Duration;

/**
 * A pool's session policies; a null duration switches that one off.
 *
 * @param disconnectTimeout how long a session with no viewer runs on before it is logged off
 * @param idleTimeout how long without keyboard or mouse input before it is logged off
 * @param maxLength how long a session may run at all
 */
public record SessionPolicy(Duration disconnectTimeout, Duration idleTimeout, Duration maxLength) {

    static Duration seconds(Integer s) {
        return s == null ? null : Duration.ofSeconds(s);
    }

    static Integer seconds(Duration d) {
        return d == null || d.isZero() ? null : Math.toIntExact(d.toSeconds());
    }
}
