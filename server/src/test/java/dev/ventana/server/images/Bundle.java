package dev.ventana.server.images;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Builds tars as an admin's tool would, and the odd entries no honest tool writes. */
public final class Bundle {
    private final List<Entry> entries = new ArrayList<>();

    private record Entry(String path, byte type, byte[] content, String link) {
    }

    public Bundle file(String path, byte[] content) {
        entries.add(new Entry(path, TarArchiveEntry.LF_NORMAL, content, null));
        return this;
    }

    public Bundle directory(String path) {
        entries.add(new Entry(path.endsWith("/") ? path : path + "/", TarArchiveEntry.LF_DIR, null, null));
        return this;
    }

    public Bundle symlink(String path, String target) {
        entries.add(new Entry(path, TarArchiveEntry.LF_SYMLINK, null, target));
        return this;
    }

    public Bundle device(String path) {
        entries.add(new Entry(path, TarArchiveEntry.LF_CHR, null, null));
        return this;
    }

    public byte[] tar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(bytes);
        return bytes.toByteArray();
    }

    public byte[] tgz() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GzipCompressorOutputStream(bytes)) {
            write(gzip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void write(OutputStream out) {
        try {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry entry = new TarArchiveEntry(e.path(), e.type(), true); // preserve "..", "/"
                if (e.link() != null) {
                    entry.setLinkName(e.link());
                }
                if (e.content() != null) {
                    entry.setSize(e.content().length);
                }
                tar.putArchiveEntry(entry);
                if (e.content() != null) {
                    tar.write(e.content());
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
            tar.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
