package dev.ventana.host.guest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first words with a guest over its channel (docs/session-host.md, "Guest channel"): wait for
 * its agent's READY, set its clock to the host's, and, for an image whose agent waits for it,
 * tell it to start the user's session (SESSION). After a cold boot it runs on a thread of its own
 * and never fails the boot: an image without an agent just never says READY, and the guest is
 * used as before. After a restore it is part of the launch, and any failure means a cold boot.
 * The channel is closed afterwards; what the host tells a guest later opens it again.
 */
final class GuestGreeting {
    private static final Logger log = LoggerFactory.getLogger(GuestGreeting.class);
    private static final Duration ANSWER = Duration.ofSeconds(10);
    /** A session that mounts a hot-plugged data disk (up to 10 s in the guest) and starts X. */
    private static final Duration SESSION = Duration.ofSeconds(30);

    private final Clock clock;
    private final Duration readyWithin;

    GuestGreeting(Clock clock, Duration readyWithin) {
        this.clock = clock;
        this.readyWithin = readyWithin;
    }

    /**
     * What came of it: when the guest was ready for its user (said READY, or with SESSION, started
     * the session) and how far its clock was off the host's after setting it.
     */
    record Greeted(Instant readyAt, double uptimeSeconds, long clockOffSeconds) {
    }

    /**
     * The SESSION argument for {@code guest}: its data disk, its host name (the guest's id), its
     * application and its packages, whose disks' serials are their version ids.
     */
    static String session(GuestInfo guest) {
        String data = switch (guest.dataDisk()) {
            case WRITABLE -> "rw";
            case READ_ONLY -> "ro";
            case NONE -> "none";
        };
        return "data=" + data + " name=" + guest.id() + (guest.application() == null ? "" : " app=" + guest.application())
                + (guest.packages().isEmpty() ? "" : " packages=" + String.join(",",
                        guest.packages().stream().map(p -> p.name() + "@" + p.version()).toList()));
    }

    /** As {@link #greetOrFail}, with a failure told in the log instead. */
    Optional<Greeted> greet(String guest, GuestInfo.Paths paths, String session) throws InterruptedException {
        try {
            return Optional.of(greetOrFail(guest, paths, session));
        } catch (IOException e) {
            log.info("guest {}: {}", guest, e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code session} is SESSION's argument, or null for an image whose agent starts the session by itself. */
    Greeted greetOrFail(String guest, GuestInfo.Paths paths, String session) throws IOException, InterruptedException {
        try (GuestChannel channel = GuestChannel.connect(paths.agentSocket(), Duration.ofSeconds(5))) {
            // The agent's first READY waits for a host; a host that connects again after that is
            // answered only when it speaks first.
            channel.send("HELLO", "1");
            GuestChannel.Message first = channel.await(readyWithin, GuestChannel.Message.Ready.class);
            if (!(first instanceof GuestChannel.Message.Ready ready)) {
                throw new IOException("no agent said READY on its channel within " + readyWithin.toSeconds() + " s ("
                        + first + "): an image without one");
            }
            Instant readyAt = clock.instant();
            channel.send("CLOCK", Long.toString(readyAt.getEpochSecond()));
            if (!(channel.await(ANSWER, GuestChannel.Message.ClockSet.class) instanceof GuestChannel.Message.ClockSet set)) {
                throw new IOException("its agent did not confirm the clock");
            }
            long off = set.epochSeconds() - clock.instant().getEpochSecond();
            double uptime = ready.uptimeSeconds();
            if (session != null) {
                channel.send("SESSION", session);
                GuestChannel.Message m = channel.await(SESSION, GuestChannel.Message.SessionStarted.class,
                        GuestChannel.Message.SessionFailed.class);
                if (!(m instanceof GuestChannel.Message.SessionStarted started)) {
                    throw new IOException("its agent did not start the session (" + m + ")");
                }
                readyAt = clock.instant();
                uptime = started.uptimeSeconds();
                if (!started.packagesMissing().isEmpty()) {
                    log.warn("guest {}: its session started without the packages {}, which it could not attach "
                            + "(its serial console says why)", guest, started.packagesMissing());
                }
            }
            log.info("guest {}: ready for its user {} s after its kernel started; clock set ({} s off the host's)",
                    guest, uptime, off);
            return new Greeted(readyAt, uptime, off);
        }
    }
}
