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
import dev.ventana.host.dbus.QemuDbusDisplay;
import dev.ventana.host.rfb.FastRefresh;
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
 * VNC server (the D-Bus connector made to fail), alternating in blocks on one guest. Beside the
 * source, an observer of the other kind watches the same keys (an RFB client with its FastRefresh,
 * or a D-Bus display client: QEMU takes one at a time), so every key gives both times for the same
 * echo; the D-Bus time is within a message of when the guest flushed it, the guest's own echo. The
 * office guest runs the terminal alone (no taskbar clock to draw); keys alternate 'a' and
 * Backspace. Prints each block and the medians and 95th percentiles.
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
            if (image.equals("office")) {
                var console = new dev.ventana.host.testing.ConsoleLog(g.paths().consoleLog());
                while (!console.contains("ventana: application terminal started")) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the terminal did not start");
                    }
                    Thread.sleep(500);
                }
            }
            Thread.sleep(8000); // the screen settles
            Times all = new Times();
            for (int b = 0; b < blocks; b++) {
                boolean overDbus = b % 2 == 0;
                Times block = block(engine, g, overDbus, keys / blocks);
                all.add(block);
                System.out.printf(Locale.ROOT, "block %d, source over %s:%n  source   %s%n  observer %s%n", b + 1,
                        overDbus ? "dbus" : "rfb", stats(overDbus ? block.dbus : block.rfb),
                        stats(overDbus ? block.rfb : block.dbus));
            }
            System.out.printf(Locale.ROOT, "ALL by source: dbus %s%n               rfb  %s%n",
                    stats(all.sourceDbus), stats(all.sourceRfb));
            System.out.printf(Locale.ROOT, "ALL paired:    dbus %s%n               rfb  %s%n    rfb - dbus %s%n",
                    stats(all.dbus), stats(all.rfb), stats(all.gap));
            System.out.printf("load average after %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
        } finally {
            engine.stop(g.id());
            engine.close();
        }
    }

    /** Per key, both kinds' times; and by the source's kind. */
    private static final class Times {
        final List<Double> dbus = new ArrayList<>();
        final List<Double> rfb = new ArrayList<>();
        final List<Double> gap = new ArrayList<>();
        final List<Double> sourceDbus = new ArrayList<>();
        final List<Double> sourceRfb = new ArrayList<>();

        void add(Times t) {
            dbus.addAll(t.dbus);
            rfb.addAll(t.rfb);
            gap.addAll(t.gap);
            sourceDbus.addAll(t.sourceDbus);
            sourceRfb.addAll(t.sourceRfb);
        }
    }

    private static Times block(QemuEngine engine, GuestInfo g, boolean overDbus, int keys) throws Exception {
        String guestId = g.id();
        RfbScreenSources.DbusConnector failing = (monitor, id) -> {
            throw new IOException("the benchmark's VNC block");
        };
        Times times = new Times();
        AtomicLong observed = new AtomicLong();
        RfbClient rfbObserver = null;
        FastRefresh nudges = null;
        QemuDbusDisplay dbusObserver = null;
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
                if (overDbus) {
                    rfbObserver = RfbClient.connect(g.paths().vncSocket());
                    nudges = new FastRefresh(rfbObserver::nudgeRefresh);
                    rfbObserver.addListener((fb, rects, resized) -> {
                        if (rects.stream().anyMatch(r -> !r.isEmpty())) {
                            observed.compareAndSet(0, System.nanoTime());
                        }
                    });
                } else {
                    dbusObserver = QemuDbusDisplay.connect(g.paths().displayMonitor(), "observer", Duration.ofSeconds(5));
                    dbusObserver.addListener((fb, rects, resized) -> observed.compareAndSet(0, System.nanoTime()));
                }
                Thread.sleep(2000);
                for (int i = 0; i < keys; i++) {
                    int scancode = i % 2 == 0 ? 0x1e : 0x0e; // a, Backspace
                    Thread.sleep(250 + (i * 37) % 100); // not in step with any guest timer
                    if (nudges != null) {
                        nudges.inputSent(); // the observer's VNC looks 30 ms apart, as the source's would
                        Thread.sleep(20);
                    }
                    firstDamage.set(0);
                    observed.set(0);
                    long t0 = System.nanoTime();
                    lease.source().send(new GuestInput.Key(scancode, true));
                    long limit = t0 + Duration.ofSeconds(1).toNanos();
                    while ((firstDamage.get() == 0 || observed.get() == 0) && System.nanoTime() < limit) {
                        Thread.sleep(0, 200_000);
                    }
                    long at = firstDamage.get();
                    long seen = observed.get();
                    lease.source().send(new GuestInput.Key(scancode, false));
                    if (at != 0) {
                        (overDbus ? times.sourceDbus : times.sourceRfb).add((at - t0) / 1e6);
                    }
                    if (at != 0 && seen != 0) {
                        double d = ((overDbus ? at : seen) - t0) / 1e6;
                        double r = ((overDbus ? seen : at) - t0) / 1e6;
                        times.dbus.add(d);
                        times.rfb.add(r);
                        times.gap.add(r - d);
                    }
                }
            }
        } finally {
            if (nudges != null) {
                nudges.close();
            }
            if (rfbObserver != null) {
                rfbObserver.close();
            }
            if (dbusObserver != null) {
                dbusObserver.close();
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
