package dev.ventana.host.maintenance;

import dev.ventana.host.guest.GuestException;
import dev.ventana.host.guest.ImageCatalog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns what a packaging guest sealed onto its output disk into a package version directory
 * (docs/session-host.md, "Packaging"): the squashfs the disk holds from offset 0, as long as its
 * superblock says, padded to 4096 bytes, as {@code package.sqfs}, and the manifest exactly as
 * deploy/packages/make.sh writes it, built under {@code .staging-<random>} and renamed to
 * {@code <packages>/<name>/<id>}: a version directory is complete or absent.
 */
final class PackageWriter {
    private static final Logger log = LoggerFactory.getLogger(PackageWriter.class);
    /** The output disk's size: no package is larger. */
    static final long OUTPUT_BYTES = 2L << 30;
    static final int SUPERBLOCK = 96;
    /** "hsqs" read as a little-endian int. */
    private static final int MAGIC = 0x73717368;
    private static final int PAD = 4096;

    private final ObjectMapper json;

    PackageWriter(ObjectMapper json) {
        this.json = json;
    }

    /** What the admin names the version. */
    record Label(String title, String note, String createdBy) {
    }

    /** The image the package was made on; {@code os} as the guest said it. */
    record MadeFor(String image, String version, String os) {
    }

    /** The new version: its id, its manifest's sha256, the size of its package.sqfs. */
    record Written(String version, String sha256, long sizeBytes) {
    }

    /**
     * The length of the squashfs at the start of {@code output}: its superblock's bytes_used,
     * which must be within what the guest said it wrote, the file and {@link #OUTPUT_BYTES}.
     * FAILED (502) for anything else: the guest wrote no squashfs, or not the one it claims.
     */
    static long squashfsBytes(Path output, long claimed) {
        try (FileChannel in = FileChannel.open(output, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(SUPERBLOCK).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && in.read(b) > 0) {
                // a file shorter than a superblock stops the loop
            }
            if (b.position() < SUPERBLOCK || b.getInt(0) != MAGIC) {
                throw failed("the output disk holds no squashfs (no hsqs at its start)");
            }
            if (b.getShort(28) != 4) {
                throw failed("the output disk holds squashfs version " + b.getShort(28) + "; only 4 is known");
            }
            long used = b.getLong(40);
            long size = in.size();
            if (used < SUPERBLOCK || used > claimed || used > size || used > OUTPUT_BYTES) {
                throw failed("the squashfs on the output disk says it is " + used + " bytes long; the guest said "
                        + claimed + " and the disk is " + size);
            }
            return used;
        } catch (IOException e) {
            throw failed("cannot read the output disk " + output + ": " + e.getMessage());
        }
    }

    /** Writes the version of package {@code name} into {@code nameDir} from the first {@code bytes} of {@code output}. */
    Written write(Path nameDir, String name, Path output, long bytes, Label label, MadeFor madeFor,
            List<PackageApplication> applications, Instant createdAt) {
        Path staging = nameDir.resolve(".staging-" + HexFormat.of().formatHex(randomBytes()));
        try {
            Files.createDirectories(staging);
            Path sqfs = staging.resolve("package.sqfs");
            copy(output, bytes, sqfs);
            ObjectNode m = json.createObjectNode();
            m.put("format", 1);
            m.put("kind", "package");
            m.put("name", name);
            m.put("title", label.title());
            m.put("note", label.note());
            m.put("source", "packaging");
            m.put("createdBy", label.createdBy());
            m.put("createdAt", createdAt.truncatedTo(ChronoUnit.SECONDS).toString());
            ObjectNode made = m.putObject("madeFor");
            made.put("image", madeFor.image());
            made.put("version", madeFor.version());
            made.put("os", madeFor.os());
            var apps = m.putArray("applications");
            applications.forEach(a -> apps.addObject().put("id", a.id()).put("name", a.name()).put("icon", a.icon())
                    .put("command", a.command()));
            long size = Files.size(sqfs);
            m.putObject("files").putObject("package.sqfs").put("sha256", ImageCatalog.sha256Hex(sqfs)).put("size", size);
            byte[] manifest = (PythonJson.write(m) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(staging.resolve("manifest.json"), manifest);
            String sha256 = ImageCatalog.sha256Hex(manifest);
            String id = sha256.substring(0, 16);
            Path dir = nameDir.resolve(id);
            sqfs.toFile().setReadOnly();
            staging.resolve("manifest.json").toFile().setReadOnly();
            if (Files.isDirectory(dir)) {
                log.info("package {} version {} is here already: the same bytes, the same manifest", name, id);
            } else {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            }
            return new Written(id, sha256, size);
        } catch (IOException e) {
            throw failed("cannot write the package version: " + e.getMessage());
        } finally {
            Sealer.deleteTree(staging);
        }
    }

    /** The first {@code bytes} of {@code from}, zero-padded to a multiple of {@link #PAD}: a disk's size is whole sectors. */
    private static void copy(Path from, long bytes, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long done = 0;
            while (done < bytes) {
                long n = in.transferTo(done, bytes - done, out);
                if (n <= 0) {
                    throw new IOException("the output disk ended after " + done + " of " + bytes + " bytes");
                }
                done += n;
            }
            long padded = (bytes + PAD - 1) / PAD * PAD;
            if (padded > bytes) {
                out.write(ByteBuffer.allocate((int) (padded - bytes)), bytes);
            }
            out.force(true);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static GuestException failed(String why) {
        return new GuestException(GuestException.Reason.FAILED, why);
    }
}
