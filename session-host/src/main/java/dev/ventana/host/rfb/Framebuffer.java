package dev.ventana.host.rfb;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The guest's picture as a screen connection keeps it (the RFB client, or QEMU's D-Bus display):
 * 0xFFRRGGBB ints, row after row. The connection's reader thread writes under the lock; whoever reads pixels (an encoder, a test) holds the lock too,
 * or takes a copy.
 */
public final class Framebuffer {
    private final ReentrantLock lock = new ReentrantLock();
    private int width;
    private int height;
    private int[] argb;

    public Framebuffer(int width, int height) {
        resize(width, height);
    }

    public ReentrantLock lock() {
        return lock;
    }

    public int width() {
        lock.lock();
        try {
            return width;
        } finally {
            lock.unlock();
        }
    }

    public int height() {
        lock.lock();
        try {
            return height;
        } finally {
            lock.unlock();
        }
    }

    /** The live pixel array; only to be read while holding {@link #lock()}. */
    public int[] argb() {
        return argb;
    }

    public Snapshot snapshot() {
        lock.lock();
        try {
            return new Snapshot(width, height, argb.clone());
        } finally {
            lock.unlock();
        }
    }

    /** Changes the size, the picture black; the writer holds the lock around this and the pixels it then writes. */
    public void resize(int newWidth, int newHeight) {
        lock.lock();
        try {
            width = newWidth;
            height = newHeight;
            argb = new int[Math.multiplyExact(newWidth, newHeight)];
            Arrays.fill(argb, 0xff000000);
        } finally {
            lock.unlock();
        }
    }

    /** An immutable copy of the picture at one moment. */
    public record Snapshot(int width, int height, int[] argb) {
        public int pixel(int x, int y) {
            return argb[y * width + x];
        }
    }
}
