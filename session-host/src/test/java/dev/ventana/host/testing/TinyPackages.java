package dev.ventana.host.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Application packages for the tiny guest, made from file trees by the real deploy/packages/make.sh. */
public final class TinyPackages {
    private TinyPackages() {
    }

    /**
     * Makes package {@code name} in {@code out} from {@code files} (path in the guest -> content; a
     * path under /usr/bin is made executable) with the applications {@code apps}
     * ({@code id|name|icon|command}); returns the version id.
     */
    public static String make(Path out, String name, Map<String, String> files, String... apps)
            throws IOException, InterruptedException {
        Path tree = Files.createTempDirectory(out.getParent() == null ? out : out.getParent(), "tree-" + name + "-");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = tree.resolve(f.getKey().substring(1));
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
            if (f.getKey().startsWith("/usr/bin/")) {
                p.toFile().setExecutable(true, false);
            }
        }
        List<String> cmd = new ArrayList<>(List.of("bash", TinyImages.repoRoot().resolve("deploy/packages/make.sh").toString(),
                "--name", name, "--from", tree.toString(), "--out", out.toString(), "--made-for", "tiny"));
        for (String app : apps) {
            cmd.addAll(List.of("--app", app));
        }
        Process make = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        make.getOutputStream().close();
        String printed = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!make.waitFor(2, TimeUnit.MINUTES) || make.exitValue() != 0) {
            fail("deploy/packages/make.sh " + name + " failed: " + printed);
        }
        return Path.of(printed.lines().reduce((a, b) -> b).orElseThrow()).getFileName().toString();
    }
}
