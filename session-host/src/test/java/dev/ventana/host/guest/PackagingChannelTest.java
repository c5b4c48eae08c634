package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ventana.host.testing.FakeAgent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PACKAGE-SCAN and PACKAGE-SEAL against an agent this test plays on the channel's socket. */
class PackagingChannelTest {
    @TempDir
    Path tmp;
    private final PackagingChannel channel = new PackagingChannel(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(5));

    @Test
    void aScanListsTheEntriesTheGuestSends() throws Exception {
        Path socket = tmp.resolve("agent.sock");
        try (FakeAgent agent = new FakeAgent(socket, line -> line.equals("PACKAGE-SCAN ") ? List.of(
                "PACKAGE-ENTRY gimp.desktop|GNU Image Manipulation Program|gimp-2.10|gimp",
                "CLOCK-SET 5", "PACKAGE-ENTRY hello.desktop|Hello||", "PACKAGE-SCANNED 2") : List.of())) {
            assertThat(channel.scan("g-1", socket)).containsExactly(
                    new PackagingChannel.Entry("gimp.desktop", "GNU Image Manipulation Program", "gimp-2.10", "gimp"),
                    new PackagingChannel.Entry("hello.desktop", "Hello", "", ""));
            assertThat(agent.heard).containsExactly("HELLO 1", "PACKAGE-SCAN ");
        }
        Path none = tmp.resolve("none.sock");
        try (FakeAgent agent = new FakeAgent(none, line -> List.of("PACKAGE-SCANNED 0"))) {
            assertThat(channel.scan("g-1", none)).isEmpty();
        }
    }

    @Test
    void aScanThatMiscountsOrBreaksTheProtocolFails() throws Exception {
        assertRefused(line -> List.of("PACKAGE-ENTRY a.desktop|A|a|a", "PACKAGE-SCANNED 2"), true,
                "said it listed 2 applications but sent 1");
        assertRefused(line -> List.of("PACKAGE-ENTRY ../a|A|a|a"), true, "with a malformed argument");
        assertRefused(line -> List.of("PACKAGE-FAILED not-packaging"), true, "could not scan: not-packaging");
        assertRefused(line -> List.of("UNKNOWN PACKAGE-SCAN"), true, "its image has no packaging");
        assertRefused(line -> List.of("DISPLAY-SIZE-SET 800x600"), true, "answered PACKAGE-SCAN with");
    }

    @Test
    void aSealSendsTheApplicationsAndTakesTheSizeAndOs() throws Exception {
        Path socket = tmp.resolve("agent.sock");
        String apps = "gimp|GIMP|application|gimp-2.10\nhello|Hello|terminal|hello --greeting=Grüß\n";
        try (FakeAgent agent = new FakeAgent(socket, line -> line.startsWith("PACKAGE-SEAL ")
                ? List.of("PACKAGE-SEALED 8192 debian-12") : List.of())) {
            assertThat(channel.seal("g-1", socket, apps)).isEqualTo(new PackagingChannel.Sealed(8192, "debian-12"));
            String sent = agent.heard.get(1);
            assertThat(new String(Base64.getDecoder().decode(sent.substring("PACKAGE-SEAL ".length())),
                    StandardCharsets.UTF_8)).isEqualTo(apps);
        }
    }

    @Test
    void aSealTheGuestRefusesSaysItsWordAndASilentGuestTimesOut() throws Exception {
        assertRefused(line -> List.of("PACKAGE-FAILED no-changes"), false, "could not seal the package: no-changes");
        assertRefused(line -> List.of("PACKAGE-SEALED 0 debian-12"), false, "with a malformed argument");
        PackagingChannel impatient = new PackagingChannel(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1));
        Path socket = tmp.resolve("silent.sock");
        try (FakeAgent agent = new FakeAgent(socket, line -> List.of())) {
            assertThatThrownBy(() -> impatient.seal("g-1", socket, "a|A|application|a\n"))
                    .isInstanceOf(GuestException.class).hasMessageContaining("did not answer PACKAGE-SEAL in time");
        }
        assertThatThrownBy(() -> channel.seal("g-1", tmp.resolve("gone.sock"), "a|A|application|a\n"))
                .isInstanceOf(GuestException.class).hasMessageContaining("cannot reach the guest's agent")
                .extracting(e -> ((GuestException) e).reason()).isEqualTo(GuestException.Reason.FAILED);
    }

    private void assertRefused(java.util.function.Function<String, List<String>> answers, boolean scan, String message)
            throws Exception {
        Path socket = tmp.resolve("refusing-" + System.nanoTime() + ".sock");
        try (FakeAgent agent = new FakeAgent(socket, line -> line.startsWith("PACKAGE-") ? answers.apply(line) : List.of())) {
            assertThatThrownBy(() -> {
                if (scan) {
                    channel.scan("g-1", socket);
                } else {
                    channel.seal("g-1", socket, "a|A|application|a\n");
                }
            }).as(message).isInstanceOf(GuestException.class).hasMessageContaining(message)
                    .extracting(e -> ((GuestException) e).reason()).isEqualTo(GuestException.Reason.FAILED);
        }
    }
}
