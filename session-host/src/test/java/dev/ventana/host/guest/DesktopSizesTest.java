package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ventana.host.testing.FakeAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resizing over a fake agent's channel (the real one: OfficeDesktopTest). */
class DesktopSizesTest {
    @TempDir
    Path tmp;

    /**
     * A host that gave up waiting leaves the agent's late answers in the channel, and the next
     * connection gets them first (seen in a launch under load: every later try then took the
     * previous one's answer for its own, and the desktop was never resized).
     */
    @Test
    void answersLeftFromAnEarlierConversationAreNotTakenForThisOnes() throws Exception {
        Path socket = tmp.resolve("agent.sock");
        try (FakeAgent agent = new FakeAgent(socket, line -> line.startsWith("DISPLAY-SIZE ")
                ? List.of("DISPLAY-SIZE-SET " + line.substring("DISPLAY-SIZE ".length())) : List.of())) {
            agent.leftovers = List.of("READY 3.5", "DISPLAY-SIZE-FAILED no-desktop", "DISPLAY-SIZE-SET 640x480", "READY 9.1");
            DesktopSizes sizes = new DesktopSizes();
            sizes.request("g-1", socket, 1280, 865);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!agent.heard.contains("DISPLAY-SIZE 1280x865")) {
                assertThat(System.nanoTime()).as("asked for the size").isLessThan(deadline);
                Thread.sleep(20);
            }
            // A leftover taken for the answer would make it ask again after DesktopSizes.RETRY.
            Thread.sleep(DesktopSizes.RETRY.toMillis() + 1500);
            assertThat(agent.heard).containsExactly("HELLO 1", "DISPLAY-SIZE 1280x865");
        }
    }
}
