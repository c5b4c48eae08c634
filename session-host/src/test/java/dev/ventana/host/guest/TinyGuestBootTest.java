package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.rfb.Framebuffer;
import dev.ventana.host.rfb.RfbClient;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.TextScreen;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny guest boots, its prompt is read off the framebuffer over RFB, and typing reaches it. */
class TinyGuestBootTest {
    @TempDir
    Path tmp;
    GuestHarness harness;

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void bootsToAPromptThatAnswersTypedCommands() throws Exception {
        harness = new GuestHarness(tmp);
        QemuEngine engine = harness.engine();
        GuestInfo started = engine.start(GuestHarness.tiny("alice"));
        assertThat(started.state()).isEqualTo(GuestState.STARTING);
        assertThat(started.accel()).isEqualTo("tcg");

        GuestInfo running = GuestHarness.awaitState(engine, started.id(), GuestState.RUNNING, GuestHarness.BOOT);
        assertThat(running.pid()).isPositive();
        assertThat(running.paths().overlay()).exists();
        assertThat(running.paths().dataDisk()).exists();

        RfbClient rfb = harness.screen(running);
        assertThat(rfb.framebuffer().width()).isEqualTo(720);
        assertThat(rfb.framebuffer().height()).isEqualTo(400);
        TextScreen text = GuestHarness.awaitPrompt(rfb);
        Framebuffer.Snapshot before = rfb.framebuffer().snapshot();
        int promptRow = text.lastNonBlankRow(before);

        GuestHarness.run(rfb, "echo ventana");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Framebuffer.Snapshot now = rfb.framebuffer().snapshot();
            assertThat(text.row(now, promptRow)).as(text.all(now)).isEqualTo("ventana# echo ventana");
            assertThat(text.row(now, promptRow + 1)).as(text.all(now)).isEqualTo("ventana");
            assertThat(text.row(now, promptRow + 2)).as(text.all(now)).isEqualTo("ventana#");
        });

        // The guest channel: the agent said READY, and it sets the guest's clock as told.
        GuestInfo ready = await().atMost(Duration.ofSeconds(30)).until(() -> engine.find(running.id()).orElseThrow(),
                g -> g.readyAt() != null);
        assertThat(ready.readyAt()).isAfter(running.createdAt());
        long host = java.time.Instant.now().getEpochSecond();
        try (GuestChannel channel = GuestChannel.connect(running.paths().agentSocket(), Duration.ofSeconds(5))) {
            // The host's greeting closed its end; connecting again, the host speaks first.
            channel.send("HELLO", "1");
            assertThat(channel.next(Duration.ofSeconds(20))).get().isInstanceOf(GuestChannel.Message.Ready.class);
            channel.send("CLOCK", Long.toString(host + 3600));
            GuestChannel.Message set = channel.next(Duration.ofSeconds(10)).orElseThrow();
            assertThat(set).isInstanceOf(GuestChannel.Message.ClockSet.class);
            assertThat(((GuestChannel.Message.ClockSet) set).epochSeconds()).isBetween(host + 3599, host + 3610);
            channel.send("NONSENSE", "1");
            assertThat(channel.next(Duration.ofSeconds(10))).get().isEqualTo(new GuestChannel.Message.Unknown("UNKNOWN NONSENSE"));
        }

        // An orderly stop: the guest powers off through ACPI, its overlay goes, its data disk stays.
        engine.stop(running.id());
        GuestInfo stopped = GuestHarness.awaitState(engine, running.id(), GuestState.STOPPED, Duration.ofSeconds(20));
        assertThat(stopped.reason()).isNull();
        assertThat(running.paths().overlay()).doesNotExist();
        assertThat(running.paths().runDir()).doesNotExist();
        assertThat(Files.size(running.paths().dataDisk())).isPositive();
        // The screen connection ends with the guest.
        await().atMost(Duration.ofSeconds(5)).until(rfb.closed()::isDone);
    }

    @Test
    void aGuestStoppedWhileBootingEndsWithoutLeavingQemuOrFiles() throws Exception {
        harness = new GuestHarness(tmp);
        QemuEngine engine = harness.engine();
        GuestInfo started = engine.start(GuestHarness.tiny("early"));
        GuestInfo stopping = engine.stop(started.id());
        assertThat(stopping.state()).isIn(GuestState.STOPPING, GuestState.STOPPED);
        // Firmware ignores the ACPI power button, so this also walks the quit escalation.
        GuestInfo stopped = GuestHarness.awaitState(engine, started.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        if (stopped.pid() > 0) {
            assertThat(ProcessHandle.of(stopped.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        }
        assertThat(started.paths().runDir()).doesNotExist();
        assertThat(started.paths().dataDisk()).exists();
    }
}
