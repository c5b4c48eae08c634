package dev.ventana.host.maintenance;

import dev.ventana.host.guest.GuestEngine;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.PackagingDisks;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An engine whose packaging guests are RUNNING at once and boot nothing: each has a run directory
 * under {@code runRoot}, where a test plays its agent on {@code agent.sock}. It keeps what it was
 * asked: the specs and disks, and the stops and kills.
 */
final class FakePackagingEngine implements GuestEngine {
    final Map<String, GuestSpec> specs = new ConcurrentHashMap<>();
    final Map<String, PackagingDisks> disks = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, GuestInfo> guests = new ConcurrentHashMap<>();
    private final Path runRoot;
    private int next;

    FakePackagingEngine(Path runRoot) {
        this.runRoot = runRoot;
    }

    @Override
    public synchronized GuestInfo startPackaging(GuestSpec spec, PackagingDisks d) {
        String id = String.format("g-%012d", ++next);
        specs.put(id, spec);
        disks.put(id, d);
        put(id, spec, GuestState.RUNNING);
        return guests.get(id);
    }

    /** The guest is in {@code state} now (it shut down from inside, or is still starting). */
    void set(String id, GuestState state) {
        put(id, specs.get(id), state);
    }

    private void put(String id, GuestSpec spec, GuestState state) {
        Path run = runRoot.resolve(id);
        guests.put(id, new GuestInfo(id, spec.user(), spec.image(), spec.version(), spec.memoryMiB(), spec.vcpus(), null,
                spec.network(), spec.dataDisk(), "tcg", state, null, 1, Instant.now(), new GuestInfo.Screen(1024, 768),
                new GuestInfo.Paths(run, run.resolve("vnc.sock"), run.resolve("qmp.sock"), run.resolve("serial.sock"),
                        run.resolve("console.log"), run.resolve("system.qcow2"), null), null, false, List.of()));
    }

    @Override
    public GuestInfo stop(String id) {
        calls.add("stop " + id);
        set(id, GuestState.STOPPING);
        return guests.get(id);
    }

    @Override
    public GuestInfo kill(String id, String why) {
        calls.add("kill " + id + ": " + why);
        set(id, GuestState.STOPPED);
        return guests.get(id);
    }

    @Override
    public Optional<GuestInfo> find(String id) {
        return Optional.ofNullable(guests.get(id));
    }

    @Override
    public List<GuestInfo> list() {
        return List.copyOf(guests.values());
    }

    @Override
    public GuestInfo start(GuestSpec spec) {
        throw new UnsupportedOperationException();
    }

    @Override
    public GuestInfo startKept(GuestSpec spec, Path systemDisk) {
        throw new UnsupportedOperationException();
    }

    @Override
    public GuestInfo shutDown(String id, java.time.Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void resizeDesktop(String id, int width, int height) {
    }

    @Override
    public void subscribe(Consumer<GuestInfo> listener) {
    }

    @Override
    public void close() {
    }
}
