package dev.ventana.host.guest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.json.JsonMapper;

/**
 * A guest whose QEMU and qemu-img are shell scripts, for the boot's ends that real QEMU cannot
 * time: this "QEMU" never opens its QMP socket, so a launch waits for it until the QEMU dies;
 * under KVM it aborts at once, like QEMU on a machine whose /dev/kvm does not work. The overlay
 * of a launch under an accelerator can be held at a gate until the test opens it.
 */
final class FakeQemu implements AutoCloseable {
    private static final String QEMU = """
            #!/bin/sh
            [ "$1" = --version ] && { echo "QEMU emulator version 0 (fake)"; exit 0; }
            echo "$*" >> "$(dirname "$0")/calls"
            case " $* " in
              *" -accel kvm "*) echo "kvm_buf_set_msrs: Assertion failed" >&2; exit 134 ;;
            esac
            exec sleep 300
            """;
    private static final String QEMU_IMG = """
            #!/bin/sh
            for overlay; do :; done
            accel=$(sed -n 's/.*"accel" *: *"\\([a-z]*\\)".*/\\1/p' "$(dirname "$overlay")/guest.json")
            if [ -e "GATES/$accel.closed" ]; then
              touch "GATES/$accel.waiting"
              while [ -e "GATES/$accel.closed" ]; do sleep 0.01; done
            fi
            : > "$overlay"
            """;

    final List<GuestInfo> published = new CopyOnWriteArrayList<>();
    private final Path dir;
    private final Path gates;
    private final QemuEngineContext ctx;
    private final GuestRecord record;
    private QemuGuest guest;

    FakeQemu(Path dir, Accelerator.Mode mode, Semaphore bootSlots) throws IOException {
        this.dir = dir;
        this.gates = Files.createDirectories(dir.resolve("gates"));
        Path qemu = script("qemu-system-x86_64", QEMU);
        Path qemuImg = script("qemu-img", QEMU_IMG.replace("GATES", gates.toString()));
        // A /dev/kvm that looks usable: auto mode tries KVM first.
        Path kvm = Files.createFile(dir.resolve("kvm"));
        var json = JsonMapper.builder().findAndAddModules().build();
        RunDirectory run = new RunDirectory(dir.resolve("run"), json);
        QemuSettings settings = new QemuSettings(dir.resolve("run"), dir.resolve("data"), mode, Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(1), 1, 64, qemu.toString(), qemuImg.toString());
        ctx = new QemuEngineContext(settings, json, run,
                new Disks(dir.resolve("data"), 64, qemuImg.toString(), new Commands(Duration.ofMinutes(1))),
                new Accelerator(mode, kvm), new QemuCommand(qemu.toString()), new BootWatch(Duration.ofMillis(10)),
                new OrderlyStop(Duration.ofSeconds(1)), bootSlots, published::add);
        record = new GuestRecord("g-1", "ann", "tiny", "v1", 256, 1, mode == Accelerator.Mode.TCG ? "tcg" : "kvm",
                Instant.now(), dir.resolve("data/ann.qcow2").toString(), 720, 400, null, null, null);
        run.create(record);
    }

    private Path script(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    QemuGuest boot() {
        guest = QemuGuest.boot(ctx, record, ctx.runDirectory().paths(record), () -> image(false), ImageSupply.Packages.NONE, null);
        return guest;
    }

    ImageVersion image(boolean instantOn) {
        return new ImageVersion("tiny", "v1", dir, dir.resolve("base.qcow2"), dir.resolve("vmlinuz"),
                dir.resolve("initrd.img"), "console=ttyS0", 720, 400, "0".repeat(64), java.util.List.of(), null, 0,
                instantOn);
    }

    QemuEngineContext context() {
        return ctx;
    }

    /** The command lines the fake QEMU was started with, one per line. */
    String calls() throws IOException {
        Path calls = dir.resolve("calls");
        return Files.exists(calls) ? Files.readString(calls) : "";
    }

    /** Holds the overlay of every launch under {@code accel} until {@link #openGate}. */
    void closeGate(String accel) throws IOException {
        Files.createFile(gates.resolve(accel + ".closed"));
    }

    void awaitAtGate(String accel) {
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(gates.resolve(accel + ".waiting")));
    }

    void openGate(String accel) throws IOException {
        Files.delete(gates.resolve(accel + ".closed"));
    }

    /** Waits until the guest's QEMU runs, waiting in vain for its QMP socket. */
    long awaitQemu() {
        await().atMost(Duration.ofSeconds(20)).until(() -> guest.info().pid() > 0);
        return guest.info().pid();
    }

    /** A test that fails must not leave its "QEMU" running. */
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(gates.resolve("kvm.closed"));
        Files.deleteIfExists(gates.resolve("tcg.closed"));
        if (guest != null && guest.info().pid() > 0) {
            ProcessHandle.of(guest.info().pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
