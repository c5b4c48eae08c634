package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The QEMU command line of a guest: the desktop as before, and each of the start request's options. */
class QemuCommandTest {
    private final QemuCommand command = new QemuCommand("qemu-system-x86_64");
    private final ImageVersion image = new ImageVersion("office", "0123456789abcdef", Path.of("/img"),
            Path.of("/img/base.qcow2"), Path.of("/img/vmlinuz"), Path.of("/img/initrd.gz"), "console=ttyS0 quiet",
            1024, 768, "0".repeat(64), List.of(new Application("terminal", "Terminal", "terminal")), null, 0, false);
    private final RunDirectory run = new RunDirectory(Path.of("/run/v"), null);

    private List<String> argv(String application, GuestNetwork network, DataDiskAccess dataDisk) {
        GuestRecord r = new GuestRecord("g-1", "ann", "office", image.id(), 512, 1, "tcg", Instant.now(),
                "/data/ann.qcow2", 1024, 768, application, network, dataDisk);
        return command.argv(r, image, run.paths(r), "tcg", Path.of("/run/v/g-1/qemu.pid"));
    }

    private static String after(List<String> argv, String option, int nth) {
        int seen = 0;
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option) && seen++ == nth) {
                return argv.get(i + 1);
            }
        }
        throw new AssertionError("no " + option + " #" + nth + " in " + argv);
    }

    @Test
    void theDesktopHasNoNetworkTheImagesCmdlineAndAWritableDataDisk() {
        List<String> a = argv(null, GuestNetwork.NONE, DataDiskAccess.WRITABLE);
        assertThat(after(a, "-append", 0)).isEqualTo("console=ttyS0 quiet");
        assertThat(after(a, "-drive", 1)).isEqualTo("file=/data/ann.qcow2,format=qcow2,if=virtio,id=data");
        assertThat(a).contains("-nodefaults").doesNotContain("-netdev", "-nic", "-net");
    }

    @Test
    void eachPackageIsAReadOnlyDiskNamedByItsVersionInASlotAfterTheDataDiskForAnImageWithoutSession() {
        GuestRecord r = new GuestRecord("g-1", "ann", "office", image.id(), 512, 1, "tcg", Instant.now(),
                "/data/ann.qcow2", 1024, 768, null, GuestNetwork.NONE, DataDiskAccess.WRITABLE, null, null,
                List.of(new GuestPackage("calc", "0123456789abcdef", Path.of("/p/calc/0123456789abcdef/package.sqfs")),
                        new GuestPackage("demo", "fedcba9876543210", Path.of("/p/demo/fedcba9876543210/package.sqfs"))));
        List<String> a = command.argv(r, image, run.paths(r), "tcg", Path.of("/run/v/g-1/qemu.pid"));

        assertThat(after(a, "-drive", 1)).isEqualTo("file=/data/ann.qcow2,format=qcow2,if=virtio,id=data");
        assertThat(after(a, "-drive", 2))
                .isEqualTo("file=/p/calc/0123456789abcdef/package.sqfs,format=raw,if=none,id=pkg0,readonly=on");
        assertThat(a).contains("virtio-blk-pci,drive=pkg0,id=pkgdev0,serial=0123456789abcdef,addr=0x10",
                "virtio-blk-pci,drive=pkg1,id=pkgdev1,serial=fedcba9876543210,addr=0x11");
        // An image that waits for SESSION gets them hot-plugged instead (Boot), and a template serves
        // every package list: its clones get theirs plugged in (Restore).
        ImageVersion instantOn = new ImageVersion(image.image(), image.id(), image.dir(), image.base(), image.kernel(),
                image.initrd(), image.cmdline(), 1024, 768, image.sha256(), image.applications(), null, 0, true);
        assertThat(command.argv(r, instantOn, run.paths(r), "tcg", Path.of("/run/v/g-1/qemu.pid")))
                .noneMatch(s -> s.contains("pkg"));
        assertThat(command.argv(r, image, run.paths(r), "tcg", Path.of("/run/v/g-1/qemu.pid"),
                new Template(Path.of("/t"), new TemplateSpec("office", image.id(), 512, 1, GuestNetwork.NONE, false, "tcg")),
                false)).noneMatch(s -> s.contains("pkg"));
    }

    @Test
    void anImageOnStandardVgaHasNoDbusDisplayAndAVirtioDbusOneHasBothItAndVnc() {
        List<String> vga = argv(null, GuestNetwork.NONE, DataDiskAccess.WRITABLE);
        assertThat(after(vga, "-vga", 0)).isEqualTo("std");
        assertThat(after(vga, "-display", 0)).isEqualTo("none");
        assertThat(vga).doesNotContain("virtio-vga", "-mon");

        ImageVersion virtio = new ImageVersion(image.image(), image.id(), image.dir(), image.base(), image.kernel(),
                image.initrd(), image.cmdline(), 1024, 768, image.sha256(), image.applications(), null, 0, false,
                ImageDisplay.VIRTIO_DBUS);
        GuestRecord r = new GuestRecord("g-1", "ann", "office", image.id(), 512, 1, "tcg", Instant.now(),
                "/data/ann.qcow2", 1024, 768, null, GuestNetwork.NONE, DataDiskAccess.WRITABLE);
        List<String> a = command.argv(r, virtio, run.paths(r), "tcg", Path.of("/run/v/g-1/qemu.pid"));
        assertThat(a).doesNotContain("-vga").contains("virtio-vga");
        assertThat(after(a, "-display", 0)).isEqualTo("dbus,p2p=yes");
        assertThat(after(a, "-vnc", 0)).isEqualTo("unix:/run/v/g-1/vnc.sock");
        assertThat(a).contains("socket,id=display,path=/run/v/g-1/display.sock,server=on,wait=off",
                "chardev=display,mode=control");
    }

    @Test
    void aQemuWithoutTheDbusDisplayGivesAVirtioImageItsGpuReadOverVnc() {
        ImageVersion virtio = new ImageVersion(image.image(), image.id(), image.dir(), image.base(), image.kernel(),
                image.initrd(), image.cmdline(), 1024, 768, image.sha256(), image.applications(), null, 0, false,
                ImageDisplay.VIRTIO_DBUS);
        GuestRecord r = new GuestRecord("g-1", "ann", "office", image.id(), 512, 1, "tcg", Instant.now(),
                "/data/ann.qcow2", 1024, 768, null, GuestNetwork.NONE, DataDiskAccess.WRITABLE);
        List<String> a = new QemuCommand("qemu-system-x86_64", false).argv(r, virtio, run.paths(r), "tcg",
                Path.of("/run/v/g-1/qemu.pid"));
        assertThat(a).contains("virtio-vga").doesNotContain("-mon");
        assertThat(after(a, "-display", 0)).isEqualTo("none");
    }

    @Test
    void thisMachinesQemuHasTheDbusDisplay() {
        assertThat(QemuCommand.probe("qemu-system-x86_64").dbusDisplay()).isTrue();
        assertThat(QemuCommand.probe("/nonexistent/qemu").dbusDisplay()).isFalse();
    }

    @Test
    void aRecordWrittenBeforeTheOptionsExistedStartsAsTheDesktopDid() {
        assertThat(argv(null, null, null)).isEqualTo(argv(null, GuestNetwork.NONE, DataDiskAccess.WRITABLE));
    }

    @Test
    void anApplicationIsNamedOnTheKernelCommandLine() {
        assertThat(after(argv("terminal", GuestNetwork.NONE, DataDiskAccess.WRITABLE), "-append", 0))
                .isEqualTo("console=ttyS0 quiet ventana.app=terminal");
    }

    @Test
    void aMaintenanceGuestHasItsKeptSystemDiskNoDataDiskAndSaysSoOnTheCommandLine() {
        GuestRecord r = new GuestRecord("g-1", "admin", "office", image.id(), 512, 1, "tcg", Instant.now(), null, 1024,
                768, null, GuestNetwork.NAT, DataDiskAccess.NONE, "/img/tiny/.maintenance-1/system.qcow2");
        List<String> a = command.argv(r, image, run.paths(r), "tcg", Path.of("/run/v/g-1/qemu.pid"));
        assertThat(after(a, "-drive", 0)).isEqualTo("file=/img/tiny/.maintenance-1/system.qcow2,format=qcow2,if=virtio,id=system");
        assertThat(a.stream().filter("-drive"::equals)).hasSize(1);
        assertThat(after(a, "-append", 0)).isEqualTo("console=ttyS0 quiet ventana.maintenance=1");
        assertThat(after(a, "-netdev", 0)).isEqualTo("user,id=net0");
    }

    @Test
    void aPackagingGuestHasItsScratchAndOutputDisksByTheirSerialsAndSaysSoOnTheCommandLine() {
        GuestRecord r = new GuestRecord("g-1", "admin", "office", image.id(), 1024, 1, "tcg", Instant.now(), null,
                1024, 768, null, GuestNetwork.NAT, DataDiskAccess.NONE, null, null, List.of(),
                new PackagingDisks(Path.of("/p/calc/.packaging-1/scratch.raw"), Path.of("/p/calc/.packaging-1/output.raw")));
        List<String> a = command.argv(r, image, run.paths(r), "tcg", Path.of("/run/v/g-1/qemu.pid"));

        assertThat(after(a, "-append", 0)).isEqualTo("console=ttyS0 quiet ventana.packaging=1");
        // Its system disk is the throw-away overlay: the capture never writes it, and nothing is kept of it.
        assertThat(after(a, "-drive", 0)).isEqualTo("file=/run/v/g-1/system.qcow2,format=qcow2,if=virtio,id=system");
        assertThat(after(a, "-drive", 1)).isEqualTo("file=/p/calc/.packaging-1/scratch.raw,format=raw,if=none,id=scratch");
        assertThat(after(a, "-drive", 2)).isEqualTo("file=/p/calc/.packaging-1/output.raw,format=raw,if=none,id=output");
        assertThat(a).contains("virtio-blk-pci,drive=scratch,id=scratchdev,serial=ventana-scratch,addr=0x0e",
                "virtio-blk-pci,drive=output,id=outputdev,serial=ventana-output,addr=0x0f", "-netdev");
        assertThat(a.stream().filter(s -> s.startsWith("file=")).count()).isEqualTo(3); // no data disk
        // Also for an image that waits for SESSION (office), whose packages are hot-plugged: the
        // guest sets up its capture on the scratch disk before any session.
        ImageVersion instantOn = new ImageVersion(image.image(), image.id(), image.dir(), image.base(), image.kernel(),
                image.initrd(), image.cmdline(), 1024, 768, image.sha256(), image.applications(), null, 0, true);
        assertThat(command.argv(r, instantOn, run.paths(r), "tcg", Path.of("/run/v/g-1/qemu.pid")))
                .contains("virtio-blk-pci,drive=scratch,id=scratchdev,serial=ventana-scratch,addr=0x0e",
                        "virtio-blk-pci,drive=output,id=outputdev,serial=ventana-output,addr=0x0f");
        assertThat(argv(null, GuestNetwork.NONE, DataDiskAccess.WRITABLE)).noneMatch(s -> s.contains("ventana-scratch") || s.contains("packaging"));
    }

    @Test
    void natAddsAVirtioNicOnUserModeNetworkingWithoutPortForwards() {
        List<String> a = argv(null, GuestNetwork.NAT, DataDiskAccess.WRITABLE);
        assertThat(after(a, "-netdev", 0)).isEqualTo("user,id=net0");
        assertThat(a).anyMatch(arg -> arg.startsWith("virtio-net-pci,netdev=net0"));
        assertThat(String.join(" ", a)).doesNotContain("hostfwd", "guestfwd", "smb=");
    }

    @Test
    void everyGuestHasTheChannelPortAndAGenerationId() {
        List<String> a = argv(null, GuestNetwork.NONE, DataDiskAccess.WRITABLE);
        assertThat(a).contains("virtio-serial-pci,id=channels",
                "virtserialport,bus=channels.0,chardev=agent,name=dev.ventana.agent", "vmgenid,guid=auto", "virtio-rng-pci");
        assertThat(a).anyMatch(arg -> arg.startsWith("socket,id=agent,path=") && arg.endsWith("/agent.sock,server=on,wait=off"));
        assertThat(a).contains("qemu-vdagent,id=vdagent,clipboard=on,mouse=off",
                "virtserialport,bus=channels.0,chardev=vdagent,name=com.redhat.spice.0");
    }

    @Test
    void aReadOnlyDataDiskIsSharedWithoutTakingTheWritersLock() {
        List<String> a = argv(null, GuestNetwork.NONE, DataDiskAccess.READ_ONLY);
        assertThat(after(a, "-drive", 1))
                .isEqualTo("file=/data/ann.qcow2,format=qcow2,if=virtio,id=data,readonly=on,force-share=on");
        assertThat(after(a, "-drive", 0)).doesNotContain("readonly");
    }

    @Test
    void aTemplateAndItsClonesAreOneMachineAndOnlyTheCloneWaitsForItsState() {
        Template t = new Template(Path.of("/tpl/k"), new TemplateSpec("office", image.id(), 512, 1, GuestNetwork.NONE,
                true, "tcg"));
        GuestRecord r = new GuestRecord("g-1", "ann", "office", image.id(), 512, 1, "tcg", Instant.now(),
                "/data/ann.qcow2", 1024, 768, "terminal", GuestNetwork.NONE, DataDiskAccess.WRITABLE);
        Path pid = Path.of("/run/v/g-1/qemu.pid");
        List<String> template = command.argv(r, image, run.paths(r), "tcg", pid, t, false);
        List<String> clone = command.argv(r, image, run.paths(r), "tcg", pid, t, true);
        // Neither the data disk nor the application: both come after the restore.
        assertThat(after(template, "-append", 0)).isEqualTo("console=ttyS0 quiet ventana.template=1");
        assertThat(template.stream().filter("-drive"::equals)).hasSize(1);
        assertThat(after(template, "-object", 0)).isEqualTo("memory-backend-file,id=mem,size=512M,mem-path=/tpl/k/memory,share=on");
        assertThat(after(clone, "-object", 0)).isEqualTo("memory-backend-file,id=mem,size=512M,mem-path=/tpl/k/memory,share=off");
        assertThat(template).doesNotContain("-incoming");
        // QEMU cannot save the clipboard's chardev: the clone gets it plugged in after the restore.
        assertThat(template).noneMatch(arg -> arg.contains("vdagent"));
        assertThat(after(clone, "-incoming", 0)).isEqualTo("defer");
        List<String> same = new java.util.ArrayList<>(clone);
        same.removeAll(List.of("-incoming", "defer"));
        same.replaceAll(a -> a.replace("share=off", "share=on"));
        assertThat(same).isEqualTo(template);
        // Without page sharing, the memory is QEMU's own and travels in the saved state.
        Template privateCopies = new Template(Path.of("/tpl/p"), new TemplateSpec("office", image.id(), 512, 1,
                GuestNetwork.NONE, false, "tcg"));
        assertThat(command.argv(r, image, run.paths(r), "tcg", pid, privateCopies, true)).doesNotContain("-object");
    }
}
