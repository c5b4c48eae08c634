package dev.ventana.host.guest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first words with a booted guest over its channel (docs/session-host.md, "Guest channel"):
 * wait for its agent's READY, then set its clock to the host's. Runs on a thread of its own after
 * the boot, which it never fails: an image without an agent just never says READY, and the guest
 * is used as before. The channel is closed afterwards; what the host tells a guest later opens
 * it again.
 */
final class GuestGreeting {
    private static final Logger log = LoggerFactory.getLogger(GuestGreeting.class);
    private static final Duration ANSWER = Duration.ofSeconds(10);

    private final Clock clock;
    private final Duration readyWithin;

    GuestGreeting(Clock clock, Duration readyWithin) {
        this.clock = clock;
        this.readyWithin = readyWithin;
    }

    /** What came of it: when the guest said READY and how far its clock was off the host's after setting it. */
    record Greeted(Instant readyAt, double uptimeSeconds, long clockOffSeconds) {
    }

    Optional<Greeted> greet(String guest, GuestInfo.Paths paths) throws InterruptedException {
        try (GuestChannel channel = GuestChannel.connect(paths.agentSocket(), Duration.ofSeconds(5))) {
            // The agent's first READY waits for a host; a host that connects again after that is
            // answered only when it speaks first.
            channel.send("HELLO", "1");
            Optional<GuestChannel.Message> first = awaitMessage(channel, readyWithin, GuestChannel.Message.Ready.class);
            if (!(first.orElse(null) instanceof GuestChannel.Message.Ready ready)) {
                log.info("guest {}: no agent said READY on its channel within {} s ({}): an image without one",
                        guest, readyWithin.toSeconds(), first.map(Object::toString).orElse("silence"));
                return Optional.empty();
            }
            Instant readyAt = clock.instant();
            channel.send("CLOCK", Long.toString(readyAt.getEpochSecond()));
            Optional<GuestChannel.Message> answer = awaitMessage(channel, ANSWER, GuestChannel.Message.ClockSet.class);
            if (!(answer.orElse(null) instanceof GuestChannel.Message.ClockSet set)) {
                log.warn("guest {}: its agent did not confirm the clock ({})", guest,
                        answer.map(Object::toString).orElse("silence"));
                return Optional.empty();
            }
            long off = set.epochSeconds() - clock.instant().getEpochSecond();
            log.info("guest {}: ready for a user {} s after its kernel started; clock set ({} s off the host's)",
                    guest, ready.uptimeSeconds(), off);
            return Optional.of(new Greeted(readyAt, ready.uptimeSeconds(), off));
        } catch (IOException e) {
            log.info("guest {}: no channel to its agent: {}", guest, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The next message of the kind wanted, or the channel's end; others are passed over (a second
     * READY, in answer to HELLO, from an agent that had said it already; a verb this host does not know).
     */
    private static Optional<GuestChannel.Message> awaitMessage(GuestChannel channel, Duration within,
            Class<? extends GuestChannel.Message> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Optional<GuestChannel.Message> m = channel.next(Duration.ofNanos(left));
            if (m.isEmpty() || wanted.isInstance(m.get()) || m.get() instanceof GuestChannel.Message.Closed) {
                return m;
            }
        }
    }
}
