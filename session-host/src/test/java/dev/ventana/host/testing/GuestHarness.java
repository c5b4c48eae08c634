package dev.ventana.host.testing;

import static org.awaitility.Awaitility.await;

import dev.ventana.host.guest.Accelerator;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.guest.QemuSettings;
import dev.ventana.host.rfb.Framebuffer;
import dev.ventana.host.rfb.RfbClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real QEMU engines on the tiny image, in a test's temporary directory. Closing it kills every
 * guest its engines know, so no test leaves a QEMU running, whatever it asserted.
 */
public final class GuestHarness implements AutoCloseable {
    // Generous: the CI machine is shared, and a TCG boot takes 10 s alone but over a minute under load.
    public static final Duration BOOT = Duration.ofSeconds(180);

    public final Path runDir;
    public final Path dataDir;
    public final ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
    private final List<QemuEngine> engines = new ArrayList<>();
    private final List<RfbClient> screens = new ArrayList<>();

    public GuestHarness(Path tmp) {
        this(tmp.resolve("run"), tmp.resolve("data"));
    }

    /** A host of its own run directory and a data directory it may share with other hosts of a farm. */
    public GuestHarness(Path runDir, Path dataDir) {
        this.runDir = runDir;
        this.dataDir = dataDir;
    }

    public QemuEngine engine() {
        return engine(Accelerator.Mode.TCG, Duration.ofSeconds(20));
    }

    public QemuEngine engine(Accelerator.Mode mode, Duration kvmProbe) {
        return engine(mode, kvmProbe, TinyImages.imagesDir());
    }

    /** A TCG engine on the image versions of {@code imagesDir}. */
    public QemuEngine engine(Path imagesDir) {
        return engine(Accelerator.Mode.TCG, Duration.ofSeconds(20), imagesDir);
    }

    private QemuEngine engine(Accelerator.Mode mode, Duration kvmProbe, Path imagesDir) {
        QemuSettings settings = new QemuSettings(runDir, dataDir, mode, kvmProbe, BOOT, Duration.ofSeconds(10), 2,
                64, "qemu-system-x86_64", "qemu-img");
        QemuEngine engine = new QemuEngine(settings, new ImageCatalog(imagesDir, json), json);
        engines.add(engine);
        return engine;
    }

    /** A host of its own images directory that fetches missing versions with {@code fetch}. */
    public QemuEngine engine(Path imagesDir, dev.ventana.host.guest.VersionFetch fetch) {
        QemuSettings settings = new QemuSettings(runDir, dataDir, Accelerator.Mode.TCG, Duration.ofSeconds(20), BOOT,
                Duration.ofSeconds(10), 2, 64, "qemu-system-x86_64", "qemu-img");
        QemuEngine engine = new QemuEngine(settings, new ImageCatalog(imagesDir, json), json, fetch);
        engines.add(engine);
        return engine;
    }

    /** A TCG engine on the image versions of {@code imagesDir} that attaches the packages of {@code packagesDir}. */
    public QemuEngine engine(Path imagesDir, Path packagesDir) {
        QemuSettings settings = new QemuSettings(runDir, dataDir, Accelerator.Mode.TCG, Duration.ofSeconds(20), BOOT,
                Duration.ofSeconds(10), 2, 64, "qemu-system-x86_64", "qemu-img");
        QemuEngine engine = new QemuEngine(settings, new ImageCatalog(imagesDir, json), json, null,
                new dev.ventana.host.guest.PackageStore(new dev.ventana.host.guest.PackageCatalog(packagesDir, json), null));
        engines.add(engine);
        return engine;
    }

    public static GuestSpec tiny(String user) {
        return new GuestSpec(user, "tiny", null, 256, 1);
    }

    public static GuestInfo awaitState(QemuEngine engine, String id, GuestState state, Duration within) {
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(50))
                    .until(() -> engine.find(id).orElseThrow().state(), s -> s == state || (s.isFinal() && s != state));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            GuestInfo info = engine.find(id).orElseThrow();
            throw new AssertionError("guest " + id + " still " + info.state() + " after " + within + " (expected " + state
                    + "); " + info + "\nconsole: " + new ConsoleLog(info.paths().consoleLog()).text()
                    + "\nload: " + loadAverage(), e);
        }
        GuestInfo info = engine.find(id).orElseThrow();
        if (info.state() != state) {
            throw new AssertionError("guest " + id + " is " + info.state() + " (" + info.reason() + "), expected " + state);
        }
        return info;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Connects our RFB client and waits until the server acknowledged extended key events. */
    public RfbClient screen(GuestInfo guest) throws IOException {
        RfbClient rfb = RfbClient.connect(guest.paths().vncSocket());
        screens.add(rfb);
        await().atMost(Duration.ofSeconds(10)).until(rfb::extendedKeys);
        return rfb;
    }

    /** Waits, reading the framebuffer only, until the shell prompt is the last line on screen. */
    public static TextScreen awaitPrompt(RfbClient rfb) {
        TextScreen text = new TextScreen();
        await().atMost(BOOT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Framebuffer.Snapshot s = rfb.framebuffer().snapshot();
            if (!text.learn(s)) {
                return false;
            }
            int last = text.lastNonBlankRow(s);
            return last > 0 && text.row(s, last).equals("ventana#");
        });
        return text;
    }

    /** Types a shell command at the guest's screen prompt and presses Enter. */
    public static void run(RfbClient rfb, String command) throws IOException, InterruptedException {
        new UsKeyboard(rfb).type(command + "\n");
    }

    @Override
    public void close() {
        screens.forEach(RfbClient::close);
        for (QemuEngine engine : engines) {
            for (GuestInfo g : engine.list()) {
                if (g.pid() > 0) {
                    ProcessHandle.of(g.pid()).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            engine.close();
        }
        for (QemuEngine engine : engines) {
            for (GuestInfo g : engine.list()) {
                ProcessHandle.of(g.pid()).ifPresent(h -> h.onExit().join());
            }
        }
    }
}
