package dev.ventana.host.bench;

import dev.ventana.host.guest.Accelerator;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.guest.QemuSettings;
import dev.ventana.host.rfb.Framebuffer;
import dev.ventana.host.rfb.RfbClient;
import dev.ventana.host.testing.TextScreen;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Boot time and footprint of guests, measured through the engine and our RFB client exactly as
 * the session host runs them. Run by bench/boot-time.sh; prints one line per measurement and
 * the medians. Guests boot one after another, so a run measures a boot alone on the machine.
 *
 * <p>Times are from the start request to (a) the first frame with any non-black pixel, whatever
 * the firmware or guest drew, and (b) the image being usable: the tiny guest's shell prompt
 * read off the screen, the office guest's IceWM taskbar drawn at 1024x768.
 */
public final class BootBenchmark {
    private record Boot(double firstPixels, double ready, long qemuRssKiB, double idleCpuPercent) {
    }

    public static void main(String[] args) throws Exception {
        String image = arg(args, "--image", "tiny");
        int runs = Integer.parseInt(arg(args, "--runs", "5"));
        int memory = Integer.parseInt(arg(args, "--memory", image.equals("office") ? "512" : "256"));
        int idleSeconds = Integer.parseInt(arg(args, "--idle", "20"));
        int concurrent = Integer.parseInt(arg(args, "--overhead-guests", "2"));
        Path images = Path.of(arg(args, "--images", "build/images")).toAbsolutePath();
        Accelerator.Mode accel = Accelerator.parse(arg(args, "--accel", "tcg"));
        Path tmp = Files.createTempDirectory("ventana-bench");
        var json = JsonMapper.builder().findAndAddModules().build();
        QemuSettings settings = new QemuSettings(tmp.resolve("run"), tmp.resolve("data"), accel, Duration.ofSeconds(20),
                Duration.ofSeconds(300), Duration.ofSeconds(20), 2, 256, "qemu-system-x86_64", "qemu-img");
        QemuEngine engine = new QemuEngine(settings, new ImageCatalog(images, json), json);
        System.out.printf("image %s, %d runs, %d MiB, accel %s, %d cores, load average %s%n", image, runs, memory,
                accel, Runtime.getRuntime().availableProcessors(), loadAverage());
        try {
            List<Boot> boots = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Boot b = bootOnce(engine, image, "bench" + i, memory, idleSeconds);
                boots.add(b);
                System.out.printf(Locale.ROOT, "run %d: first pixels %.2f s, ready %.2f s, idle QEMU RSS %d MiB, idle CPU %.1f%% of a core%n",
                        i + 1, b.firstPixels(), b.ready(), b.qemuRssKiB() / 1024, b.idleCpuPercent());
            }
            System.out.printf(Locale.ROOT, "MEDIAN %s: first pixels %.2f s, ready %.2f s, idle QEMU RSS %d MiB, idle CPU %.1f%%%n",
                    image, median(boots.stream().mapToDouble(Boot::firstPixels).toArray()),
                    median(boots.stream().mapToDouble(Boot::ready).toArray()),
                    (long) median(boots.stream().mapToDouble(Boot::qemuRssKiB).toArray()) / 1024,
                    median(boots.stream().mapToDouble(Boot::idleCpuPercent).toArray()));
            hostOverhead(engine, image, memory, concurrent, idleSeconds);
            System.out.printf("load average at the end %s%n", loadAverage());
        } finally {
            for (GuestInfo g : engine.list()) {
                if (!g.state().isFinal() && g.pid() > 0) {
                    ProcessHandle.of(g.pid()).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            engine.close();
        }
    }

    private static Boot bootOnce(QemuEngine engine, String image, String user, int memory, int idleSeconds)
            throws Exception {
        long t0 = System.nanoTime();
        GuestInfo g = engine.start(new GuestSpec(user, image, null, memory, 1));
        RfbClient rfb = connectWhenListening(engine, g);
        double firstPixels = -1;
        double ready = -1;
        TextScreen text = new TextScreen();
        long deadline = t0 + Duration.ofSeconds(300).toNanos();
        while (ready < 0 && System.nanoTime() < deadline) {
            Framebuffer.Snapshot s = rfb.framebuffer().snapshot();
            double now = (System.nanoTime() - t0) / 1e9;
            if (firstPixels < 0 && anyNonBlack(s)) {
                firstPixels = now;
            }
            if (isReady(image, s, text)) {
                ready = now;
            }
            Thread.sleep(20);
        }
        if (ready < 0) {
            throw new IllegalStateException(image + " guest not ready within 300 s: " + engine.find(g.id()));
        }
        Thread.sleep(Duration.ofSeconds(idleSeconds));
        long pid = engine.find(g.id()).orElseThrow().pid();
        double cpu = cpuPercent(pid, Duration.ofSeconds(10));
        long rss = rssKiB(pid);
        rfb.close();
        engine.stop(g.id());
        awaitFinal(engine, g.id());
        return new Boot(firstPixels, ready, rss, cpu);
    }

    /**
     * The session host's own cost per guest: this JVM runs the engine and, per guest, an RFB
     * client following every screen update, as the display path will.
     */
    private static void hostOverhead(QemuEngine engine, String image, int memory, int guests, int idleSeconds)
            throws Exception {
        System.gc();
        Thread.sleep(2000);
        long rssBefore = rssKiB(ProcessHandle.current().pid());
        List<GuestInfo> started = new ArrayList<>();
        List<RfbClient> screens = new ArrayList<>();
        for (int i = 0; i < guests; i++) {
            GuestInfo g = engine.start(new GuestSpec("overhead" + i, image, null, memory, 1));
            started.add(g);
            screens.add(connectWhenListening(engine, g));
        }
        for (GuestInfo g : started) {
            long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
            while (engine.find(g.id()).orElseThrow().state() != GuestState.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        Thread.sleep(Duration.ofSeconds(idleSeconds + 15L)); // past the boots, into idle
        System.gc();
        Thread.sleep(1000);
        double cpu = cpuPercent(ProcessHandle.current().pid(), Duration.ofSeconds(30));
        long rssAfter = rssKiB(ProcessHandle.current().pid());
        long updates = screens.stream().mapToLong(RfbClient::updates).sum();
        System.out.printf(Locale.ROOT, "HOST with %d idle %s guests and an RFB client each: JVM RSS %d MiB -> %d MiB "
                        + "(+%.1f MiB per guest), JVM CPU %.2f%% of a core (%.2f%% per guest), %d screen updates%n",
                guests, image, rssBefore / 1024, rssAfter / 1024, (rssAfter - rssBefore) / 1024.0 / guests, cpu,
                cpu / guests, updates);
        screens.forEach(RfbClient::close);
        for (GuestInfo g : started) {
            engine.stop(g.id());
        }
        for (GuestInfo g : started) {
            awaitFinal(engine, g.id());
        }
    }

    private static RfbClient connectWhenListening(QemuEngine engine, GuestInfo g) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return RfbClient.connect(g.paths().vncSocket());
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    private static boolean isReady(String image, Framebuffer.Snapshot s, TextScreen text) {
        if (image.equals("office")) {
            if (s.width() != 1024 || s.height() != 768) {
                return false;
            }
            Set<Integer> colours = new HashSet<>();
            for (int x = 0; x < s.width(); x += 2) {
                colours.add(s.pixel(x, s.height() - 12));
            }
            return colours.size() >= 8;
        }
        if (!text.learn(s)) {
            return false;
        }
        int last = text.lastNonBlankRow(s);
        return last > 0 && text.row(s, last).equals("ventana#");
    }

    private static boolean anyNonBlack(Framebuffer.Snapshot s) {
        for (int p : s.argb()) {
            if ((p & 0xffffff) != 0) {
                return true;
            }
        }
        return false;
    }

    private static void awaitFinal(QemuEngine engine, String id) throws InterruptedException {
        while (!engine.find(id).orElseThrow().state().isFinal()) {
            Thread.sleep(50);
        }
    }

    /** Other work on the machine slows TCG boots down: the numbers are only comparable with it. */
    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    /** CPU used by a process over a window, in percent of one core. */
    static double cpuPercent(long pid, Duration window) throws IOException, InterruptedException {
        long before = cpuTicks(pid);
        long t0 = System.nanoTime();
        Thread.sleep(window);
        long after = cpuTicks(pid);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return (after - before) / 100.0 / seconds * 100; // USER_HZ is 100 on Linux
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
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
