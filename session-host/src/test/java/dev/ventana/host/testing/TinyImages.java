package dev.ventana.host.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The tiny test image that deploy/images/tiny/build.sh built. Tests that boot guests fail, and
 * never skip, when it is missing: a suite that passes without booting anything proves nothing.
 */
public final class TinyImages {
    private TinyImages() {
    }

    public static Path imagesDir() {
        String dir = System.getProperty("ventana.images.dir");
        if (dir == null || dir.isBlank()) {
            fail("-Dventana.images.dir is not set: run deploy/images/tiny/build.sh and pass "
                    + "-Dventana.images.dir=<repo>/build/images (deploy/local/test.sh does both)");
        }
        Path images = Path.of(dir).toAbsolutePath();
        if (!Files.isRegularFile(images.resolve("tiny/current/manifest.json"))) {
            fail("no tiny image in " + images + ": run deploy/images/tiny/build.sh first");
        }
        return images;
    }

    /**
     * The office image's current manifest, which the office tests need (on the D-Bus display, as
     * deploy/images/office/build.sh makes it now): they fail, with what to do, when it is missing.
     */
    public static Path requireOffice() {
        Path manifest = imagesDir().resolve("office/current/manifest.json");
        try {
            if (!Files.isRegularFile(manifest)) {
                fail("no office image in " + imagesDir() + ": run deploy/images/office/build.sh first");
            }
            if (!Files.readString(manifest).contains("virtio-dbus")) {
                fail("the office image in " + imagesDir() + " is not on virtio-dbus: rebuild it with deploy/images/office/build.sh");
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return manifest;
    }

    public static String currentVersion() {
        try {
            return Files.readSymbolicLink(imagesDir().resolve("tiny/current")).getFileName().toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Another version of the tiny image, as an admin would publish after an update: built by the
     * same script with another release number, without moving the current link.
     */
    public static String buildRelease(String release) throws IOException, InterruptedException {
        Path script = repoRoot().resolve("deploy/images/tiny/build.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
        pb.environment().put("VENTANA_IMAGES_DIR", imagesDir().toString());
        pb.environment().put("VENTANA_TINY_RELEASE", release);
        pb.environment().put("VENTANA_SET_CURRENT", "no");
        Process build = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        build.getOutputStream().close();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
            fail("building tiny release " + release + " failed: " + out);
        }
        return Path.of(out.lines().reduce((a, b) -> b).orElseThrow()).getFileName().toString();
    }

    public static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy/images/tiny/build.sh"))) {
                return p;
            }
        }
        throw new AssertionError("cannot find the repository root above " + here);
    }
}
