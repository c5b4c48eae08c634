package dev.ventana.server.identity;

import java.time.Duration;

/**
 * How many failed password sign-ins are allowed before the doors answer "try again later".
 * Only failures count: a script that fetches a token every minute, or an office behind one
 * address, never meets a limit by signing in correctly.
 *
 * @param perAccountPerMinute failed sign-ins for one username (as typed) in any 60 s
 * @param perAddressPerMinute failed sign-ins from one client address in any 60 s
 * @param maxFailures         consecutive failures for one username that lock it (0: never)
 * @param lockout             how long a locked username stays locked
 * @param capacity            usernames and addresses remembered, each; the oldest are forgotten
 */
record SignInLimits(int perAccountPerMinute, int perAddressPerMinute, int maxFailures, Duration lockout,
                    int capacity) {
    SignInLimits {
        if (perAccountPerMinute < 1 || perAddressPerMinute < 1 || capacity < 1 || maxFailures < 0) {
            throw new IllegalArgumentException("ventana.sign-in limits must be positive (max-failures 0 turns lockout off)");
        }
    }
}
