package dev.ventana.host.bench;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.source.GuestInput;
import dev.ventana.host.display.source.RfbScreenSources;
import dev.ventana.host.display.source.ScreenSources;
import dev.ventana.host.display.source.ScreenViewer;
import dev.ventana.host.guest.Accelerator;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.guest.QemuSettings;
import dev.ventana.host.rfb.RfbClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * Key to screen update in the host: a key sent through the guest's screen source (as a viewer's
 * key is) to the first damage the source tells its viewer, over QEMU's D-Bus display and over its
 * VNC server (the D-Bus connector made to fail), alternating in blocks on one guest so that both
 * see the same load. The office guest runs the terminal alone (no taskbar clock to draw); keys
 * alternate 'a' and Backspace. Prints each block and the medians and 95th percentiles.
 *
 * <p>Usage: {@code KeyEchoBenchmark --image office --keys 80 --blocks 4 --images build/images}
 */
public final class KeyEchoBenchmark {

    public static void main(String[] args) throws Exception {
        String image = arg(args, "--image", "office");
        int keys = Integer.parseInt(arg(args, "--keys", "80"));
        int blocks = Integer.parseInt(arg(args, "--blocks", "4"));
        Path images = Path.of(arg(args, "--images", "build/images")).toAbsolutePath();
        Path tmp = Files.createTempDirectory("ventana-bench");
        var json = JsonMapper.builder().findAndAddModules().build();
        QemuSettings settings = new QemuSettings(tmp.resolve("run"), tmp.resolve("data"), Accelerator.Mode.TCG,
                Duration.ofSeconds(20), Duration.ofSeconds(300), Duration.ofSeconds(20), 2, 256, "qemu-system-x86_64",
                "qemu-img");
        QemuEngine engine = new QemuEngine(settings, new ImageCatalog(images, json), json);
        System.out.printf("image %s, %d keys in %d blocks, %d cores, load average %s%n", image, keys, blocks,
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).strip());
        GuestInfo g = engine.start(new GuestSpec("echo", image, null, image.equals("office") ? 768 : 256, 1,
                image.equals("office") ? "terminal" : null, null, null));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
            while (engine.find(g.id()).orElseThrow().readyAt() == null) {
                if (System.nanoTime() > deadline || engine.find(g.id()).orElseThrow().state().isFinal()) {
                    throw new IllegalStateException("the guest did not become ready");
                }
                Thread.sleep(500);
            }
            Thread.sleep(8000); // the desktop settles
            List<Double> dbus = new ArrayList<>();
            List<Double> rfb = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                boolean overDbus = b % 2 == 0;
                List<Double> block = block(engine, g.id(), overDbus, keys / blocks);
                (overDbus ? dbus : rfb).addAll(block);
                System.out.printf(Locale.ROOT, "block %d %s: %s%n", b + 1, overDbus ? "dbus" : "rfb ", stats(block));
            }
            System.out.printf(Locale.ROOT, "ALL dbus: %s%nALL rfb:  %s%nload average after %s%n", stats(dbus),
                    stats(rfb), Files.readString(Path.of("/proc/loadavg")).strip());
        } finally {
            engine.stop(g.id());
            engine.close();
        }
    }

    private static List<Double> block(QemuEngine engine, String guestId, boolean overDbus, int keys) throws Exception {
        RfbScreenSources.DbusConnector failing = (monitor, id) -> {
            throw new IOException("the benchmark's VNC block");
        };
        List<Double> times = new ArrayList<>();
        try (RfbScreenSources sources = overDbus
                ? new RfbScreenSources(engine, InstantSource.system())
                : new RfbScreenSources(engine, RfbClient::connect, failing, Duration.ofSeconds(5), InstantSource.system())) {
            AtomicLong firstDamage = new AtomicLong();
            ScreenViewer viewer = new ScreenViewer() {
                @Override
                public void damaged(List<Rect> changed, boolean resized, long nowNanos) {
                    firstDamage.compareAndSet(0, nowNanos);
                }

                @Override
                public void ended(Ending ending) {
                }
            };
            try (ScreenSources.Lease lease = sources.open(guestId, viewer)) {
                Thread.sleep(2000);
                for (int i = 0; i < keys; i++) {
                    int scancode = i % 2 == 0 ? 0x1e : 0x0e; // a, Backspace
                    Thread.sleep(250 + (i * 37) % 100); // not in step with any guest timer
                    firstDamage.set(0);
                    long t0 = System.nanoTime();
                    lease.source().send(new GuestInput.Key(scancode, true));
                    long limit = t0 + Duration.ofSeconds(1).toNanos();
                    while (firstDamage.get() == 0 && System.nanoTime() < limit) {
                        Thread.sleep(0, 200_000);
                    }
                    long at = firstDamage.get();
                    lease.source().send(new GuestInput.Key(scancode, false));
                    if (at != 0) {
                        times.add((at - t0) / 1e6);
                    }
                }
            }
        }
        return times;
    }

    private static String stats(List<Double> l) {
        if (l.isEmpty()) {
            return "no updates";
        }
        List<Double> s = new ArrayList<>(l);
        Collections.sort(s);
        return String.format(Locale.ROOT, "n=%d median %.1f ms, p95 %.1f ms, min %.1f, max %.1f", s.size(),
                s.get(s.size() / 2), s.get((int) Math.ceil(s.size() * 0.95) - 1), s.get(0), s.get(s.size() - 1));
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
