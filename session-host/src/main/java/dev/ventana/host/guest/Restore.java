package dev.ventana.host.guest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A launch from a template (docs/session-host.md, "Instant-on"): QEMU with {@code -incoming
 * defer} on a new overlay over the template's disk, the saved state loaded, the user's data disk
 * hot-plugged while the guest is still paused (the template has none, and a disk on the clone's
 * command line would stay invisible to the guest), then its application packages the same way, so a
 * package never changes a template, {@code cont}, then over the guest channel the
 * clock and SESSION. The guest is RUNNING only once its agent started the session. Any failure
 * before that kills the clone and tells the caller to boot cold: a launch never fails for a
 * template's sake. No boot slot: a restore is short and mostly I/O.
 */
final class Restore {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Restore.class);
    private static final Duration LOAD = Duration.ofMinutes(1);
    /** After {@code cont} the agent's READY is due at once; allow for a busy host. */
    private static final Duration READY = Duration.ofSeconds(10);

    private final QemuEngineContext ctx;
    private final QemuGuest guest;
    private final Templates templates;

    Restore(QemuEngineContext ctx, QemuGuest guest, Templates templates) {
        this.ctx = ctx;
        this.guest = guest;
        this.templates = templates;
    }

    /** What came of it. */
    enum Outcome {
        RESTORED,
        /** The guest was stopped meanwhile. */
        STOPPED,
        /** The clone is gone and the template discarded: boot cold. */
        BOOT_COLD
    }

    Outcome run(Template t) throws InterruptedException {
        long start = System.nanoTime();
        try {
            // On probation: the death of a clone's QEMU is a fallback, not the guest's end.
            guest.launch(t.spec().accel(), true, t);
            long launched = System.nanoTime();
            QmpConnection qmp = guest.qmp();
            if (qmp == null) {
                throw new IOException("QEMU exited at once" + ctx.runDirectory().lastQemuMessage(guest.id())
                        .map(m -> ": " + m).orElse(""));
            }
            Migration.load(qmp, t.state(), t.spec().pageSharing(), LOAD);
            long loaded = System.nanoTime();
            GuestInfo info = guest.info();
            if (info.paths().dataDisk() != null) {
                plugDataDisk(qmp, info);
            }
            plugPackages(qmp, info);
            plugClipboard(qmp);
            qmp.execute("cont", Map.of(), QmpConnection.COMMAND_TIMEOUT);
            GuestGreeting.Greeted greeted = new GuestGreeting(Clock.systemUTC(), READY)
                    .greetOrFail(guest.id(), info.paths(), GuestGreeting.session(info));
            guest.booted(greeted.readyAt());
            templates.restored();
            log.info("guest {} restored from template {} in {} s (QEMU up {} s, state loaded {} s, session started {} s)",
                    guest.id(), t.dir().getFileName(), seconds(System.nanoTime() - start), seconds(launched - start),
                    seconds(loaded - launched), seconds(System.nanoTime() - loaded));
            return Outcome.RESTORED;
        } catch (IOException | GuestException e) {
            guest.killAndWait();
            if (!guest.isStarting()) {
                return Outcome.STOPPED;
            }
            templates.broken(t, guest.id(), e.getMessage());
            return Outcome.BOOT_COLD;
        }
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /** The clipboard's port, as a cold boot's command line has it (QemuCommand): a template cannot have it. */
    private static void plugClipboard(QmpConnection qmp) throws IOException {
        qmp.execute("chardev-add", Map.of("id", QemuCommand.CLIPBOARD_CHARDEV, "backend", Map.of("type", "qemu-vdagent",
                "data", Map.of("clipboard", true, "mouse", false))), QmpConnection.COMMAND_TIMEOUT);
        qmp.execute("device_add", Map.of("driver", "virtserialport", "bus", "channels.0", "chardev",
                QemuCommand.CLIPBOARD_CHARDEV, "name", QemuCommand.CLIPBOARD_PORT), QmpConnection.COMMAND_TIMEOUT);
    }

    /**
     * The guest's packages as read-only disks in their fixed slots (QemuCommand#packageDrives), after
     * the data disk: into a restored clone while it is paused, and into a cold-booted guest of an
     * image that waits for SESSION once it boots (Boot).
     */
    static void plugPackages(QmpConnection qmp, GuestInfo info) throws IOException {
        for (int i = 0; i < info.packages().size(); i++) {
            GuestPackage p = info.packages().get(i);
            String file = p.file().toAbsolutePath().toString();
            qmp.execute("blockdev-add", Map.of("driver", "raw", "node-name", "pkg" + i, "read-only", true,
                    "file", Map.of("driver", "file", "filename", file, "read-only", true)), QmpConnection.COMMAND_TIMEOUT);
            qmp.execute("device_add", Map.of("driver", "virtio-blk-pci", "drive", "pkg" + i, "id", "pkgdev" + i,
                    "serial", p.version(), "addr", QemuCommand.packageSlot(i)), QmpConnection.COMMAND_TIMEOUT);
        }
    }

    /** As a cold boot's command line would have it: read-only and unlocked beside the guest that writes it. */
    private static void plugDataDisk(QmpConnection qmp, GuestInfo info) throws IOException {
        boolean readOnly = info.dataDisk() == DataDiskAccess.READ_ONLY;
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("driver", "qcow2");
        node.put("node-name", "data");
        node.put("file", Map.of("driver", "file", "filename", info.paths().dataDisk().toAbsolutePath().toString()));
        if (readOnly) {
            node.put("read-only", true);
            node.put("force-share", true);
        }
        qmp.execute("blockdev-add", node, QmpConnection.COMMAND_TIMEOUT);
        qmp.execute("device_add", Map.of("driver", "virtio-blk-pci", "drive", "data", "id", "datadisk"),
                QmpConnection.COMMAND_TIMEOUT);
    }
}
