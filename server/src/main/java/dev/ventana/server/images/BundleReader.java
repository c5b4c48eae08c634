package dev.ventana.server.images;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Walks a version bundle (a tar, gzipped or not, told apart by gzip's magic bytes) and writes its
 * files into a directory, hashing each on the way, so nothing of it is ever held in memory. The
 * files lie at the tar's top level or under one directory (as {@code tar -C <image> <id>} makes
 * them); anything a version directory cannot hold is refused before it reaches the disk: links,
 * devices, nested directories, absolute paths or ones that climb out with {@code ..}, odd names,
 * duplicates, too many files, more bytes than the limit.
 */
public final class BundleReader {
    static final int MAX_FILES = 64;
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final int BUFFER = 1 << 16;
    private final long maxBytes;
    private final String limitSetting;

    BundleReader(long maxBytes) {
        this(maxBytes, "ventana.images.max-upload");
    }

    /** {@code limitSetting} names the setting of {@code maxBytes} in a refusal. */
    public BundleReader(long maxBytes, String limitSetting) {
        this.maxBytes = maxBytes;
        this.limitSetting = limitSetting;
    }

    /**
     * Writes the bundle's files into {@code dir} (existing, empty) and answers them by name. A
     * refusal is a VentanaException naming the check and the entry; the caller removes {@code dir}.
     */
    public Map<String, ReceivedFile> extract(InputStream body, Path dir) {
        try {
            BufferedInputStream buffered = new BufferedInputStream(body, BUFFER);
            buffered.mark(2);
            boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            InputStream raw = gzip ? GzipCompressorInputStream.builder().setInputStream(buffered)
                    .setDecompressConcatenated(true).get() : buffered;
            try (TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
                return walk(tar, dir);
            }
        } catch (IOException e) {
            // A cut connection lands here too; its answer reaches no one, but the directory still goes.
            throw refused("The bundle is not a complete tar" + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + ".");
        }
    }

    private Map<String, ReceivedFile> walk(TarArchiveInputStream tar, Path dir) throws IOException {
        Map<String, ReceivedFile> files = new LinkedHashMap<>();
        Layout layout = new Layout();
        long total = 0;
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String path = entry.getName();
            if (entry.isSymbolicLink() || entry.isLink()) {
                throw refused("'" + path + "' is a link; a bundle holds plain files only.");
            }
            if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                throw refused("'" + path + "' is a device or pipe; a bundle holds plain files only.");
            }
            List<String> parts = parts(path);
            if (entry.isDirectory()) {
                if (parts.size() > 1) {
                    throw refused("'" + path + "' is a nested directory; a bundle holds one directory at most.");
                }
                if (parts.size() == 1) {
                    layout.directory(parts.getFirst(), path);
                }
                continue;
            }
            if (!entry.isFile()) {
                throw refused("'" + path + "' is not a plain file.");
            }
            if (parts.size() > 2 || parts.isEmpty()) {
                throw refused("'" + path + "' is in a nested directory; a bundle holds one directory at most.");
            }
            if (parts.size() == 2) {
                layout.directory(parts.getFirst(), path);
            } else {
                layout.topLevelFile(path);
            }
            String name = parts.getLast();
            if (!FILE_NAME.matcher(name).matches()) {
                throw refused("'" + path + "' is not a file name a version may hold.");
            }
            if (files.containsKey(name)) {
                throw refused("'" + name + "' is in the bundle twice.");
            }
            if (files.size() == MAX_FILES) {
                throw refused("The bundle holds more than " + MAX_FILES + " files.");
            }
            ReceivedFile file = write(tar, dir.resolve(name), name, maxBytes - total);
            total += file.size();
            files.put(name, file);
        }
        return files;
    }

    private ReceivedFile write(InputStream in, Path target, String name, long room) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[BUFFER];
        long size = 0;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                size += n;
                if (size > room) { // a gzip bomb is bounded like the body itself
                    throw new VentanaException(ErrorKind.TOO_LARGE, "The bundle's files are larger than the upload"
                            + " limit (" + limitSetting + ").");
                }
                sha.update(buffer, 0, n);
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + target, e);
                }
            }
        }
        return new ReceivedFile(name, size, HexFormat.of().formatHex(sha.digest()));
    }

    /** The path's parts, without a leading {@code ./}; absolute paths and {@code ..} are refused. */
    private static List<String> parts(String path) {
        if (path.startsWith("/") || path.startsWith("\\")) {
            throw refused("'" + path + "' is an absolute path; a bundle holds relative paths only.");
        }
        List<String> parts = new ArrayList<>();
        String[] split = path.split("/");
        for (int i = 0; i < split.length; i++) {
            String part = split[i];
            if (part.equals("..")) {
                throw refused("'" + path + "' climbs out of the bundle with '..'.");
            }
            if (part.isEmpty() || (part.equals(".") && i == 0)) {
                continue; // "./x" as tar -C dir . writes it; a trailing "/" of a directory
            }
            if (part.equals(".") || part.contains("\\")) {
                throw refused("'" + path + "' is not a path a bundle may hold.");
            }
            parts.add(part);
        }
        return parts;
    }

    public static VentanaException refused(String message) {
        return new VentanaException(ErrorKind.BAD_REQUEST, message);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Either every file at the top level, or every file under the same one directory. */
    private static final class Layout {
        private String directory;
        private boolean topLevel;

        void directory(String name, String path) {
            if (topLevel || (directory != null && !directory.equals(name))) {
                throw refused("'" + path + "' is outside the bundle's one directory"
                        + (directory == null ? "" : " '" + directory + "'") + ".");
            }
            directory = name;
        }

        void topLevelFile(String path) {
            if (directory != null) {
                throw refused("'" + path + "' is outside the bundle's one directory '" + directory + "'.");
            }
            topLevel = true;
        }
    }
}
