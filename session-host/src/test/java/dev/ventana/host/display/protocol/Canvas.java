package dev.ventana.host.display.protocol;

import dev.ventana.host.display.Rect;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Test-only model of the browser's canvas: applies host messages the way docs/protocol.md says
 * a viewer must, decoding images with ImageIO (a decoder independent of our PNG writer), with
 * a save-under buffer.
 */
public final class Canvas {

    private int width;
    private int height;
    private int[] rgb;
    private int[] under;

    public Canvas(int width, int height) {
        resize(width, height);
    }

    public void apply(HostMessage message) {
        switch (message) {
            case HostMessage.Resize r -> resize(r.width(), r.height());
            case HostMessage.Solid s -> fill(s.rect(), s.rgb());
            case HostMessage.Copy c -> copy(c);
            case HostMessage.Restore r -> restore(r.rect());
            case HostMessage.Raw r -> raw(r);
            case HostMessage.Bitmap b -> bitmap(b);
            case HostMessage.Png p -> image(p.rect(), p.png());
            case HostMessage.Jpeg j -> image(j.rect(), j.jpeg());
            default -> { } // hello, frame end, cursor, pong do not touch the picture
        }
    }

    public int[] rgb() {
        return rgb.clone();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    private void resize(int w, int h) {
        width = w;
        height = h;
        rgb = new int[w * h];
        under = new int[w * h];
    }

    private void fill(Rect r, int colour) {
        inside(r);
        for (int y = r.y(); y < r.bottom(); y++) {
            Arrays.fill(rgb, y * width + r.x(), y * width + r.right(), colour);
        }
    }

    private void copy(HostMessage.Copy c) {
        Rect r = c.rect();
        inside(r);
        inside(new Rect(c.srcX(), c.srcY(), r.width(), r.height()));
        int[] source = rgb.clone(); // "as if through a temporary buffer"
        Rect src = new Rect(c.srcX(), c.srcY(), r.width(), r.height());
        for (int y = r.y(); y < r.bottom(); y++) {
            for (int x = r.x(); x < r.right(); x++) {
                if (x < src.x() || x >= src.right() || y < src.y() || y >= src.bottom()) {
                    under[y * width + x] = rgb[y * width + x]; // what the copy covers goes under
                }
            }
        }
        for (int y = 0; y < r.height(); y++) {
            System.arraycopy(source, (c.srcY() + y) * width + c.srcX(), rgb, (r.y() + y) * width + r.x(), r.width());
        }
    }

    private void restore(Rect r) {
        inside(r);
        for (int y = r.y(); y < r.bottom(); y++) {
            System.arraycopy(under, y * width + r.x(), rgb, y * width + r.x(), r.width());
        }
    }

    private void raw(HostMessage.Raw r) {
        inside(r.rect());
        byte[] b = r.rgb();
        int i = 0;
        for (int y = r.rect().y(); y < r.rect().bottom(); y++) {
            for (int x = r.rect().x(); x < r.rect().right(); x++, i += 3) {
                rgb[y * width + x] = (b[i] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff);
            }
        }
    }

    private void bitmap(HostMessage.Bitmap b) {
        Rect r = b.rect();
        inside(r);
        int rowBytes = (r.width() + 7) / 8;
        for (int y = 0; y < r.height(); y++) {
            for (int x = 0; x < r.width(); x++) {
                boolean set = (b.bits()[y * rowBytes + x / 8] & (0x80 >> (x % 8))) != 0;
                rgb[(r.y() + y) * width + r.x() + x] = set ? b.foreground() : b.background();
            }
        }
    }

    private void image(Rect r, byte[] encoded) {
        inside(r);
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(encoded));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (image == null || image.getWidth() != r.width() || image.getHeight() != r.height()) {
            throw new IllegalArgumentException("image does not match " + r);
        }
        for (int y = 0; y < r.height(); y++) {
            for (int x = 0; x < r.width(); x++) {
                rgb[(r.y() + y) * width + r.x() + x] = image.getRGB(x, y) & 0xff_ffff;
            }
        }
    }

    private void inside(Rect r) {
        if (!r.fitsIn(width, height)) {
            throw new IllegalArgumentException(r + " outside " + width + "x" + height);
        }
    }
}
