package dev.ventana.host.guest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Saving a paused guest to a file and loading it into a new QEMU, over QMP. QEMU 7.2 has no
 * {@code file:} migration, so both go through {@code exec:cat}; the path is quoted for the shell
 * QEMU runs it in, and Template paths never hold a quote.
 */
final class Migration {
    private static final Duration POLL = Duration.ofMillis(5);

    private Migration() {
    }

    /** Pauses the guest and writes its state to {@code state}; with sharing, its memory stays in the backing file. */
    static void save(QmpConnection qmp, Path state, boolean ignoreShared, Duration within)
            throws IOException, InterruptedException {
        qmp.execute("stop", Map.of(), QmpConnection.COMMAND_TIMEOUT);
        ignoreShared(qmp, ignoreShared);
        qmp.execute("migrate", Map.of("uri", "exec:cat > " + quoted(state)), QmpConnection.COMMAND_TIMEOUT);
        await(qmp, within);
    }

    /** Loads {@code state} into a QEMU started with {@code -incoming defer}; the guest stays paused. */
    static void load(QmpConnection qmp, Path state, boolean ignoreShared, Duration within)
            throws IOException, InterruptedException {
        ignoreShared(qmp, ignoreShared);
        qmp.execute("migrate-incoming", Map.of("uri", "exec:cat " + quoted(state)), QmpConnection.COMMAND_TIMEOUT);
        await(qmp, within);
    }

    private static void ignoreShared(QmpConnection qmp, boolean on) throws IOException {
        if (on) {
            // Kata's templating: RAM in a shared memory file is neither written nor read by the
            // migration; the clone maps the template's file instead.
            qmp.execute("migrate-set-capabilities", Map.of("capabilities",
                    List.of(Map.of("capability", "x-ignore-shared", "state", true))), QmpConnection.COMMAND_TIMEOUT);
        }
    }

    private static void await(QmpConnection qmp, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            JsonNode m = qmp.execute("query-migrate", Map.of(), QmpConnection.COMMAND_TIMEOUT);
            String status = m.path("status").asString("");
            switch (status) {
                case "completed" -> {
                    return;
                }
                case "failed", "cancelled" -> throw new IOException("the migration " + status
                        + (m.has("error-desc") ? ": " + m.path("error-desc").asString() : ""));
                default -> {
                    // An incoming migration reports nothing until it is under way: keep asking.
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the migration did not complete within " + within.toSeconds() + " s (" + status + ")");
            }
            Thread.sleep(POLL);
        }
    }

    private static String quoted(Path p) {
        return "'" + p.toAbsolutePath() + "'";
    }
}
