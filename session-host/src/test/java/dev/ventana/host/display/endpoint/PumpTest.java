package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pump's promises: one run at a time, no request lost, a burst served by one run, one tick pending. */
class PumpTest {
    final Queue<Runnable> executor = new ArrayDeque<>();
    final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    final AtomicInteger runs = new AtomicInteger();
    final AtomicInteger refusals = new AtomicInteger();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aBurstOfRequestsStartsOneTaskThatRunsOnce() {
        Pump pump = new Pump(executor::add, timer, Duration.ofMillis(30), runs::incrementAndGet, refusals::incrementAndGet);
        pump.request();
        pump.request();
        pump.request();
        assertThat(executor).as("one task for the whole burst").hasSize(1);
        executor.poll().run();
        assertThat(runs).hasValue(1);
        assertThat(executor).isEmpty();
    }

    @Test
    void aRequestDuringARunMakesItRunOnceMoreWithoutASecondTask() {
        Pump[] pump = new Pump[1];
        Runnable task = () -> {
            if (runs.incrementAndGet() == 1) {
                pump[0].request(); // e.g. damage arriving while a frame is being sent
                pump[0].request();
            }
        };
        pump[0] = new Pump(executor::add, timer, Duration.ofMillis(30), task, refusals::incrementAndGet);
        pump[0].request();
        executor.poll().run();
        assertThat(runs).hasValue(2);
        assertThat(executor).as("never a second, overlapping task").isEmpty();
        pump[0].request();
        assertThat(executor).as("idle again: the next request starts a task").hasSize(1);
    }

    @Test
    void aRefusedRunIsReported() {
        Pump pump = new Pump(r -> {
            throw new RejectedExecutionException("shutting down");
        }, timer, Duration.ofMillis(30), runs::incrementAndGet, refusals::incrementAndGet);
        pump.request();
        assertThat(refusals).hasValue(1);
        assertThat(runs).hasValue(0);
    }

    @Test
    void atMostOneTickIsPending() {
        Pump pump = new Pump(Runnable::run, timer, Duration.ofHours(1), runs::incrementAndGet, refusals::incrementAndGet);
        pump.requestAfterTick();
        pump.requestAfterTick();
        assertThat(timer.getQueue()).hasSize(1);
        assertThat(runs).hasValue(0);
    }

    @Test
    void aTickRequestsARunAndCanBeArmedAgainOnceItFired() {
        Pump pump = new Pump(Runnable::run, timer, Duration.ofMillis(10), runs::incrementAndGet, refusals::incrementAndGet);
        pump.requestAfterTick();
        await().atMost(Duration.ofSeconds(5)).untilAtomic(runs, equalTo(1));
        pump.requestAfterTick();
        await().atMost(Duration.ofSeconds(5)).untilAtomic(runs, equalTo(2));
    }
}
