package dev.ventana.host.display.codec;

import dev.ventana.host.display.Rect;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Baseline JPEG through the JDK's own writer; only ever used for fast-changing photographic regions. */
final class JpegWriter {

    private final ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    private final ImageWriteParam param = writer.getDefaultWriteParam();

    JpegWriter(float quality) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
    }

    byte[] write(int[] argb, int stride, Rect r) {
        BufferedImage image = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, r.width(), r.height(), argb, r.y() * stride + r.x(), stride);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(r.width() * r.height() / 4);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG into memory failed", e);
        }
        return bytes.toByteArray();
    }
}
