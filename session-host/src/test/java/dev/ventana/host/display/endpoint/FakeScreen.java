package dev.ventana.host.display.endpoint;

import dev.ventana.host.display.Picture;
import dev.ventana.host.display.Rect;
import dev.ventana.host.display.Screen;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.source.GuestInput;
import dev.ventana.host.display.source.ScreenSource;
import dev.ventana.host.display.source.ScreenViewer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/** A guest screen held in memory: painting it tells the viewers, input is recorded. */
final class FakeScreen implements ScreenSource {
    final int width;
    final int height;
    final int[] argb;
    final ReentrantLock lock = new ReentrantLock();
    final List<ScreenViewer> viewers = new CopyOnWriteArrayList<>();
    final List<GuestInput> input = new CopyOnWriteArrayList<>();
    final List<String> pasted = new CopyOnWriteArrayList<>();
    final List<String> sizes = new CopyOnWriteArrayList<>();
    volatile HostMessage.Cursor pointer;

    FakeScreen(int width, int height) {
        this.width = width;
        this.height = height;
        this.argb = new int[width * height];
        Arrays.fill(argb, 0xff000000);
    }

    void paint(Rect r, int rgb) {
        lock.lock();
        try {
            for (int y = r.y(); y < Math.min(height, r.bottom()); y++) {
                for (int x = r.x(); x < Math.min(width, r.right()); x++) {
                    argb[y * width + x] = 0xff000000 | rgb;
                }
            }
        } finally {
            lock.unlock();
        }
        viewers.forEach(v -> v.damaged(List.of(r), false, System.nanoTime()));
    }

    void noise(Rect r, Random random) {
        lock.lock();
        try {
            for (int y = r.y(); y < r.bottom(); y++) {
                for (int x = r.x(); x < r.right(); x++) {
                    argb[y * width + x] = 0xff000000 | random.nextInt(0x1000000);
                }
            }
        } finally {
            lock.unlock();
        }
        viewers.forEach(v -> v.damaged(List.of(r), false, System.nanoTime()));
    }

    void end(Ending ending) {
        viewers.forEach(v -> v.ended(ending));
    }

    int[] rgb() {
        return Arrays.stream(argb).map(p -> p & 0xffffff).toArray();
    }

    /** The guest copied {@code text}: its viewers hear of it. */
    void copy(String text) {
        viewers.forEach(v -> v.copied(text));
    }

    /** The guest's pointer took this shape: its viewers hear of it. */
    void shape(HostMessage.Cursor shape) {
        pointer = shape;
        viewers.forEach(ScreenViewer::pointerChanged);
    }

    @Override
    public Optional<HostMessage.Cursor> pointer() {
        return Optional.ofNullable(pointer);
    }

    @Override
    public void paste(String text) {
        pasted.add(text);
    }

    @Override
    public void resizeDesktop(int width, int height) {
        sizes.add(width + "x" + height);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public <T> T withScreen(Function<Screen, T> action) {
        lock.lock();
        try {
            return action.apply(new Picture(width, height, argb));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void send(GuestInput in) {
        input.add(in);
    }

    @Override
    public void release(GuestInput in) {
        input.add(in);
    }
}
