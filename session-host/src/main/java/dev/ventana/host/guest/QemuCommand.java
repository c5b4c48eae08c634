package dev.ventana.host.guest;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The qemu-system-x86_64 command line of one guest. {@code dbusDisplay}: whether this QEMU has
 * its D-Bus display (Debian's qemu-system-gui package); without it a virtio-dbus image's guest
 * gets its virtio-gpu read over VNC only, since QEMU refuses to start with a display it lacks.
 */
record QemuCommand(String binary, boolean dbusDisplay) {
    static final String CLIPBOARD_CHARDEV = "vdagent";
    static final String CLIPBOARD_PORT = "com.redhat.spice.0";
    /** The first PCI slot of the package disks; {@link GuestPackage#MAX_PER_GUEST} of them fit below 0x20. */
    static final int PACKAGE_SLOT = 0x10;
    /** The PCI slots of a packaging guest's scratch and output disks, just below the packages'. */
    static final String SCRATCH_SLOT = "0x0e";
    static final String OUTPUT_SLOT = "0x0f";
    private static final Logger log = LoggerFactory.getLogger(QemuCommand.class);

    /** A QEMU assumed to have the D-Bus display (tests' fakes). */
    QemuCommand(String binary) {
        this(binary, true);
    }

    /** Asks {@code binary} which displays it has ({@code -display help}); a failed probe says none. */
    static QemuCommand probe(String binary) {
        boolean dbus = false;
        try {
            Process p = new ProcessBuilder(binary, "-display", "help").redirectErrorStream(true)
                    .redirectInput(new java.io.File("/dev/null")).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            dbus = out.lines().anyMatch(l -> l.strip().equals("dbus"));
        } catch (java.io.IOException e) {
            log.warn("cannot ask {} for its displays: {}", binary, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!dbus) {
            log.warn("{} has no D-Bus display (install qemu-system-gui): virtio-dbus images are read over VNC",
                    binary);
        }
        return new QemuCommand(binary, dbus);
    }

    /** Starts QEMU with its output (its last words, when it fails) in {@code log}. */
    Process start(List<String> argv, java.nio.file.Path log) throws java.io.IOException {
        return new ProcessBuilder(argv).redirectInput(new java.io.File("/dev/null")).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    List<String> argv(GuestRecord guest, ImageVersion image, GuestInfo.Paths paths, String accel, java.nio.file.Path pidFile) {
        return argv(guest, image, paths, accel, pidFile, null, false);
    }

    /**
     * With a template: the boot that makes it ({@code clone} false), or a clone restored from it.
     * Both have exactly its devices and command line (a device only the clone has stays invisible
     * to its guest): the data disk is hot-plugged after the restore, and what the command line
     * tells a booting guest (its application) comes over the guest channel.
     */
    List<String> argv(GuestRecord guest, ImageVersion image, GuestInfo.Paths paths, String accel,
            java.nio.file.Path pidFile, Template template, boolean clone) {
        List<String> a = new ArrayList<>(List.of(binary,
                "-name", "guest=" + guest.id() + ",process=ventana-" + guest.id(),
                "-accel", accel,
                "-m", guest.memoryMiB() + "M",
                "-smp", Integer.toString(guest.vcpus()),
                // No default NIC (and no iPXE in the boot), no floppy or CD: a session needs neither.
                "-nodefaults",
                "-kernel", image.kernel().toString(),
                "-initrd", image.initrd().toString(),
                "-append", template != null ? image.cmdline() + " ventana.template=1" : cmdline(guest, image),
                "-drive", "file=" + paths.overlay() + ",format=qcow2,if=virtio,id=system",
                // An absolute pointer: the viewer sends positions, never relative motion. Not
                // usb-tablet: Linux guests autosuspend it after 2 s idle (systemd's hwdb), and
                // while it wakes QEMU's HID queue merges the following moves into a press not yet
                // read, so a press after a pause landed where the pointer was 100 ms later and a
                // second drag selected text instead of moving a window. virtio-tablet has no
                // suspend and delivers every report (docs/architecture.md).
                "-device", "virtio-tablet-pci",
                "-vnc", "unix:" + paths.vncSocket(),
                "-qmp", "unix:" + paths.qmpSocket() + ",server=on,wait=off",
                "-chardev", "socket,id=serial0,path=" + paths.serialSocket() + ",server=on,wait=off,logfile="
                        + paths.consoleLog() + ",logappend=on",
                "-serial", "chardev:serial0",
                // The guest channel: a virtio-serial port the images' agent finds by its name.
                "-device", "virtio-serial-pci,id=channels",
                "-chardev", "socket,id=agent,path=" + paths.agentSocket() + ",server=on,wait=off",
                "-device", "virtserialport,bus=channels.0,chardev=agent,name=dev.ventana.agent",
                // A restored clone gets a new generation id, and Linux reseeds its random generator;
                // only one initialized already, which TCG's CPU (no RDRAND) leaves to virtio-rng.
                "-device", "vmgenid,guid=auto",
                "-device", "virtio-rng-pci",
                "-pidfile", pidFile.toString()));
        a.addAll(display(dbusDisplay ? image.display() : ImageDisplay.VGA, image.display(), paths));
        if (template == null) {
            // The clipboard: QEMU's own SPICE agent peer, which its VNC server offers as RFB's
            // extended clipboard; the guest's spice-vdagent talks to it (office). Not its mouse:
            // the tablet is the pointer. QEMU cannot save a guest with it, so a template has none
            // and its clones get it plugged in (Restore).
            a.addAll(List.of("-chardev", "qemu-vdagent,id=" + CLIPBOARD_CHARDEV + ",clipboard=on,mouse=off",
                    "-device", "virtserialport,bus=channels.0,chardev=" + CLIPBOARD_CHARDEV + ",name=" + CLIPBOARD_PORT));
        }
        if (template != null && template.spec().pageSharing()) {
            // The template writes its memory to the file; each clone maps it privately: pages are
            // shared until a clone writes them, and never written back.
            a.addAll(List.of("-object", "memory-backend-file,id=mem,size=" + guest.memoryMiB() + "M,mem-path="
                    + template.memory() + ",share=" + (clone ? "off" : "on"), "-machine", "memory-backend=mem"));
        }
        if (clone) {
            a.addAll(List.of("-incoming", "defer"));
        }
        if (template == null && guest.dataDiskOrDefault() != DataDiskAccess.NONE) {
            a.addAll(List.of("-drive", "file=" + paths.dataDisk() + ",format=qcow2,if=virtio,id=data" + dataDiskOptions(guest)));
        }
        if (template == null && !image.instantOn()) {
            // An image that waits for SESSION gets its packages hot-plugged just before it (Boot,
            // Restore): on the command line each disk cost the firmware about a second under TCG.
            a.addAll(packageDrives(guest));
        }
        if (template == null) {
            // Whatever the image: the guest sets up its capture on the scratch disk before any
            // session (a second or two of firmware probing, once per packaging guest).
            a.addAll(packagingDrives(guest));
        }
        if (guest.networkOrDefault() == GuestNetwork.NAT) {
            // Outbound only: user-mode NAT without hostfwd, so nothing outside reaches the guest.
            a.addAll(List.of("-netdev", "user,id=net0", "-device", "virtio-net-pci,netdev=net0,romfile="));
        }
        if ("kvm".equals(accel)) {
            a.addAll(List.of("-cpu", "host"));
        }
        return a;
    }

    /**
     * Each application package as a read-only disk whose serial is its version id, which the guest
     * looks for in sysfs. Slots from {@link #PACKAGE_SLOT} on: QEMU creates {@code -drive if=virtio}
     * devices after every {@code -device}, so without fixed slots the packages would take lower
     * ones and come before the system disk (vda) and the data disk (vdb) in the guest's naming.
     * {@code readonly=on} takes no write lock: any number of guests share one file.
     */
    static List<String> packageDrives(GuestRecord guest) {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < guest.packages().size(); i++) {
            GuestPackage p = guest.packages().get(i);
            a.addAll(List.of("-drive", "file=" + p.file().toAbsolutePath() + ",format=raw,if=none,id=pkg" + i + ",readonly=on",
                    "-device", "virtio-blk-pci,drive=pkg" + i + ",id=pkgdev" + i + ",serial=" + p.version()
                            + ",addr=" + packageSlot(i)));
        }
        return a;
    }

    /**
     * A packaging guest's scratch and output disks, raw and writable, in fixed slots for the same
     * reason as the packages'; the guest finds them by their serials. No other guest has them.
     */
    static List<String> packagingDrives(GuestRecord guest) {
        PackagingDisks d = guest.packaging();
        if (d == null) {
            return List.of();
        }
        return List.of("-drive", "file=" + d.scratch().toAbsolutePath() + ",format=raw,if=none,id=scratch",
                "-device", "virtio-blk-pci,drive=scratch,id=scratchdev,serial=" + PackagingDisks.SCRATCH_SERIAL
                        + ",addr=" + SCRATCH_SLOT,
                "-drive", "file=" + d.output().toAbsolutePath() + ",format=raw,if=none,id=output",
                "-device", "virtio-blk-pci,drive=output,id=outputdev,serial=" + PackagingDisks.OUTPUT_SERIAL
                        + ",addr=" + OUTPUT_SLOT);
    }

    /** The PCI slot of a guest's {@code i}th package: 0x10 to 0x1f, above what its own devices take. */
    static String packageSlot(int i) {
        return String.format("0x%x", PACKAGE_SLOT + i);
    }

    /**
     * The screen's devices (docs/session-host.md, "Display devices"). A virtio-gpu guest also gets
     * QEMU's D-Bus display, peer to peer, and a QMP monitor of its own through which the host hands
     * it a client (the descriptor passing the guest's main QMP connection cannot do); its VNC server
     * stays, for the fallback, benchmarks and tests.
     */
    private static List<String> display(ImageDisplay usable, ImageDisplay wanted, GuestInfo.Paths paths) {
        if (usable == ImageDisplay.VIRTIO_DBUS) {
            return List.of("-device", "virtio-vga", "-display", "dbus,p2p=yes",
                    "-chardev", "socket,id=display,path=" + paths.displayMonitor() + ",server=on,wait=off",
                    "-mon", "chardev=display,mode=control");
        }
        // The image's GPU all the same (its X is set up for it), read over VNC.
        return wanted == ImageDisplay.VIRTIO_DBUS
                ? List.of("-device", "virtio-vga", "-display", "none")
                : List.of("-vga", "std", "-display", "none");
    }

    /**
     * The image's command line, plus the application to run alone, and for a maintenance guest
     * (its system disk kept) {@code ventana.maintenance=1}: the office image then gives the admin
     * a root desktop, where the package manager works. A packaging guest has
     * {@code ventana.packaging=1} instead: the same root desktop, inside the capture of what it installs.
     */
    private static String cmdline(GuestRecord guest, ImageVersion image) {
        String c = image.cmdline();
        if (guest.application() != null) {
            c += " ventana.app=" + guest.application();
        }
        if (guest.packaging() != null) {
            c += " ventana.packaging=1";
        } else if (guest.systemDisk() != null) {
            c += " ventana.maintenance=1";
        }
        return c;
    }

    /**
     * A read-only data disk is shared with the user's guest that writes it. QEMU's image lock would
     * refuse the second opening, so force-share skips it: the reader then sees the disk as the
     * writer last wrote it back, possibly mid-change, which the guest's read-only mount without
     * journal replay tolerates (docs/session-host.md, "Data disks").
     */
    private static String dataDiskOptions(GuestRecord guest) {
        return guest.dataDiskOrDefault() == DataDiskAccess.READ_ONLY ? ",readonly=on,force-share=on" : "";
    }
}
