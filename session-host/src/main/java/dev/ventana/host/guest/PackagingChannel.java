package dev.ventana.host.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the host asks a packaging guest's agent over its channel (docs/session-host.md,
 * "Packaging"): PACKAGE-SCAN, answered by PACKAGE-ENTRY lines and PACKAGE-SCANNED, and
 * PACKAGE-SEAL, answered PACKAGE-SEALED or PACKAGE-FAILED. Each asks on a connection of its own,
 * after HELLO and READY, as DesktopSizes does; QEMU accepts one connection at a time, so a
 * greeting or a resize that holds the channel delays the answer, which the READY wait allows for.
 * Every failure is a GuestException FAILED (502) whose message says what the guest did or said.
 */
public final class PackagingChannel {
    private static final Logger log = LoggerFactory.getLogger(PackagingChannel.class);
    /** More entries than a real installation's menu would get: a guest that sends more is broken. */
    static final int MAX_ENTRIES = 256;

    private final Duration ready;
    private final Duration scan;
    private final Duration seal;

    /**
     * {@code ready}: how long the agent may take to answer HELLO (the channel may be held by a
     * greeting or a resize); {@code scan} and {@code seal}: how long each verb may take.
     */
    public PackagingChannel(Duration ready, Duration scan, Duration seal) {
        this.ready = ready;
        this.scan = scan;
        this.seal = seal;
    }

    /** One .desktop file the installation added: its file name, Name, Exec without %-codes, Icon. */
    public record Entry(String file, String name, String command, String icon) {
    }

    /** The squashfs is on the output disk from offset 0, {@code bytesUsed} long; {@code os} is the guest's ID-VERSION_ID. */
    public record Sealed(long bytesUsed, String os) {
    }

    /** PACKAGE-SCAN: the applications the installation added, as the guest's menu files say. */
    public List<Entry> scan(String guestId, Path agentSocket) {
        try (GuestChannel channel = open(agentSocket)) {
            channel.send("PACKAGE-SCAN", "");
            long deadline = System.nanoTime() + scan.toNanos();
            List<Entry> entries = new ArrayList<>();
            while (true) {
                switch (await(channel, deadline, "PACKAGE-SCAN")) {
                    case GuestChannel.Message.PackageEntry e -> {
                        if (entries.size() == MAX_ENTRIES) {
                            throw failed("the guest listed over " + MAX_ENTRIES + " applications");
                        }
                        entries.add(new Entry(e.file(), e.name(), e.command(), e.icon()));
                    }
                    case GuestChannel.Message.PackageScanned done -> {
                        if (done.count() != entries.size()) {
                            throw failed("the guest said it listed " + done.count() + " applications but sent "
                                    + entries.size());
                        }
                        log.info("packaging guest {}: the installation added {} application(s)", guestId, entries.size());
                        return entries;
                    }
                    case GuestChannel.Message.PackageFailed f -> throw failed("the guest could not scan: " + f.why());
                    case GuestChannel.Message other -> throw failed("the guest answered PACKAGE-SCAN with " + other);
                }
            }
        } catch (IOException e) {
            throw failed("cannot reach the guest's agent: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted");
        }
    }

    /**
     * PACKAGE-SEAL with the package's applications file ({@code id|name|icon|command} lines): the
     * guest seals its layer onto the output disk. PACKAGE-FAILED is told with the guest's word.
     */
    public Sealed seal(String guestId, Path agentSocket, String applications) {
        try (GuestChannel channel = open(agentSocket)) {
            long started = System.nanoTime();
            channel.send("PACKAGE-SEAL", Base64.getEncoder().encodeToString(applications.getBytes(StandardCharsets.UTF_8)));
            log.info("packaging guest {}: sealing (up to {} s)", guestId, seal.toSeconds());
            GuestChannel.Message m = await(channel, started + seal.toNanos(), "PACKAGE-SEAL");
            return switch (m) {
                case GuestChannel.Message.PackageSealed s -> {
                    log.info("packaging guest {}: sealed {} bytes ({}) in {} s", guestId, s.bytesUsed(), s.os(),
                            (System.nanoTime() - started) / 1_000_000_000);
                    yield new Sealed(s.bytesUsed(), s.os());
                }
                case GuestChannel.Message.PackageFailed f -> throw failed("the guest could not seal the package: " + f.why());
                default -> throw failed("the guest answered PACKAGE-SEAL with " + m);
            };
        } catch (IOException e) {
            throw failed("cannot reach the guest's agent: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted");
        }
    }

    private GuestChannel open(Path agentSocket) throws IOException, InterruptedException {
        GuestChannel channel = GuestChannel.connect(agentSocket, Duration.ofSeconds(2));
        try {
            channel.send("HELLO", "1");
            return switch (channel.await(ready, GuestChannel.Message.Ready.class)) {
                case GuestChannel.Message.Ready r -> channel;
                case GuestChannel.Message.Closed c -> throw new IOException(c.why());
                case null, default -> throw new IOException("its agent did not answer HELLO within " + ready.toSeconds()
                        + " s (is the guest still booting?)");
            };
        } catch (IOException | InterruptedException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The next message that answers the verb; an earlier conversation's leftover or a verb unknown here is passed over. */
    private static GuestChannel.Message await(GuestChannel channel, long deadline, String verb)
            throws InterruptedException {
        while (true) {
            long left = deadline - System.nanoTime();
            Optional<GuestChannel.Message> m = left > 0 ? channel.next(Duration.ofNanos(left)) : Optional.empty();
            if (m.isEmpty()) {
                throw failed("the guest did not answer " + verb + " in time");
            }
            switch (m.get()) {
                case GuestChannel.Message.Unknown u when u.line().equals("UNKNOWN " + verb) ->
                        throw failed("the guest's agent does not know " + verb + ": its image has no packaging");
                case GuestChannel.Message.Unknown u -> { }
                case GuestChannel.Message.Ready r -> { }
                case GuestChannel.Message.ClockSet c -> { }
                case GuestChannel.Message.Closed c -> throw failed("the guest's channel ended during " + verb + ": " + c.why());
                default -> {
                    return m.get();
                }
            }
        }
    }

    private static GuestException failed(String why) {
        return new GuestException(GuestException.Reason.FAILED, why);
    }
}
