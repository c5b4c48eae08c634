package dev.ventana.host.rfb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When nudges go out (what they do to QEMU is measured by bench/display, not asserted here). */
class FastRefreshTest {
    final AtomicInteger nudges = new AtomicInteger();
    final FastRefresh refresh = new FastRefresh(nudges::incrementAndGet, Duration.ofMillis(5), Duration.ofMillis(150));

    @Test
    void nothingHappensWithoutInput() throws InterruptedException {
        Thread.sleep(100);
        assertThat(nudges).hasValue(0);
    }

    @Test
    void nudgesFollowInputAndStopAfterAQuietSpell() throws InterruptedException {
        refresh.inputSent();
        await().atMost(Duration.ofSeconds(5)).until(() -> nudges.get() >= 1);
        int stopped = awaitStopped();
        Thread.sleep(100);
        assertThat(nudges).as("no nudges once the input has gone quiet").hasValue(stopped);

        refresh.inputSent();
        await().atMost(Duration.ofSeconds(5)).until(() -> nudges.get() > stopped);
    }

    @Test
    void closingStopsTheNudges() throws InterruptedException {
        refresh.inputSent();
        await().atMost(Duration.ofSeconds(5)).until(() -> nudges.get() >= 1);
        refresh.close();
        int closed = awaitStopped();
        refresh.inputSent();
        Thread.sleep(100);
        assertThat(nudges).hasValue(closed);
    }

    @Test
    void aFailedNudgeEndsTheRunAndTheNextInputStartsAgain() {
        AtomicInteger tries = new AtomicInteger();
        FastRefresh broken = new FastRefresh(() -> {
            tries.incrementAndGet();
            throw new IOException("connection reset");
        }, Duration.ofMillis(5), Duration.ofSeconds(10));
        broken.inputSent();
        await().atMost(Duration.ofSeconds(5)).until(() -> tries.get() == 1);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5)).until(() -> tries.get() == 1);
        broken.inputSent();
        await().atMost(Duration.ofSeconds(5)).until(() -> tries.get() == 2);
        broken.close();
    }

    /** Waits until the count has stood still for a while (well over the period) and returns it. */
    private int awaitStopped() {
        AtomicInteger last = new AtomicInteger(-1);
        await().pollInterval(Duration.ofMillis(60)).atMost(Duration.ofSeconds(5)).until(() -> last.getAndSet(nudges.get()) == nudges.get());
        return nudges.get();
    }
}
