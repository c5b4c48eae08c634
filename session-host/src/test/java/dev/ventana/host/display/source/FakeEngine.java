package dev.ventana.host.display.source;

import dev.ventana.host.guest.GuestEngine;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.GuestState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A guest engine that starts nothing: the tests say which guests it knows and in which state. */
public final class FakeEngine implements GuestEngine {
    private final Map<String, GuestInfo> guests = new ConcurrentHashMap<>();
    private final List<Consumer<GuestInfo>> listeners = new CopyOnWriteArrayList<>();

    /** The guest is known in this state, nobody hears of it. */
    public void put(String id, GuestState state, Path vncSocket) {
        guests.put(id, new GuestInfo(id, "alice", "tiny", "0123456789abcdef", 256, 1, null,
                dev.ventana.host.guest.GuestNetwork.NONE, dev.ventana.host.guest.DataDiskAccess.WRITABLE, "tcg", state, null, 1,
                Instant.now(), new GuestInfo.Screen(32, 24),
                new GuestInfo.Paths(vncSocket.getParent(), vncSocket, null, null, null, null, null), null, false, java.util.List.of()));
    }

    /** The guest changes state and the subscribers hear of it. */
    public void publish(String id, GuestState state) {
        put(id, state, guests.get(id).paths().vncSocket());
        listeners.forEach(l -> l.accept(guests.get(id)));
    }

    /** The sizes asked for, as "guest WxH", in order. */
    public final List<String> resizes = new CopyOnWriteArrayList<>();

    @Override
    public void resizeDesktop(String id, int width, int height) {
        resizes.add(id + " " + width + "x" + height);
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
    public GuestInfo startPackaging(GuestSpec spec, dev.ventana.host.guest.PackagingDisks disks) {
        throw new UnsupportedOperationException();
    }

    @Override
    public GuestInfo shutDown(String id, java.time.Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public GuestInfo stop(String id) {
        throw new UnsupportedOperationException();
    }

    /** Killed guests end FAILED at once, and the subscribers hear of it. */
    @Override
    public GuestInfo kill(String id, String why) {
        publish(id, GuestState.FAILED);
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
    public void subscribe(Consumer<GuestInfo> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
    }
}
