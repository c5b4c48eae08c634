package dev.ventana.host.guest;

import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.SerialConsole;
import dev.ventana.host.testing.VersionDirectories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.awaitility.Awaitility.await;

class ScratchSerialTest {
    @TempDir
    Path tmp;

    @Test
    void serial() throws Exception {
        Path images = tmp.resolve("images");
        String v1 = VersionDirectories.linkCurrent("tiny", images);
        try (GuestHarness harness = new GuestHarness(tmp)) {
            QemuEngine engine = harness.engine(images);
            GuestInfo g = engine.start(new GuestSpec("ann", "tiny", v1, 256, 1, null, GuestNetwork.NONE, DataDiskAccess.WRITABLE, List.of(), true, false));
            String id = g.id();
            g = await().atMost(GuestHarness.BOOT).until(() -> engine.find(id).orElseThrow(), i -> i.readyAt() != null);
            try (SerialConsole s = new SerialConsole(g)) {
                for (int i = 0; i < 8; i++) {
                    System.err.println("COLD " + i + ": " + s.run("echo x" + i));
                }
            }
            engine.stop(id);
            GuestHarness.awaitState(engine, id, GuestState.STOPPED, Duration.ofSeconds(30));
            await().atMost(GuestHarness.BOOT).until(() -> engine.launchCounts().get(1) >= 1 && java.nio.file.Files.exists(tmp.resolve("templates/tiny/" + v1)) && java.nio.file.Files.list(tmp.resolve("templates/tiny/" + v1)).anyMatch(p -> java.nio.file.Files.exists(p.resolve("template.json"))));
            GuestInfo c = GuestHarness.awaitState(engine, engine.start(new GuestSpec("ann", "tiny", v1, 256, 1, null, GuestNetwork.NONE, DataDiskAccess.WRITABLE, List.of(), true, false)).id(), GuestState.RUNNING, Duration.ofSeconds(60));
            System.err.println("RESTORED " + c.restored());
            try (SerialConsole s = new SerialConsole(c)) {
                for (int i = 0; i < 8; i++) {
                    System.err.println("CLONE " + i + ": " + s.run("echo y" + i));
                }
            }
        }
    }
}
