package dev.ventana.host.display.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Key pacing on a fake clock: sleeping moves the clock, so no test waits for real time. */
class KeyPacingTest {
    static final long PACE = Duration.ofMillis(10).toNanos();

    final AtomicLong clock = new AtomicLong(Duration.ofHours(1).toNanos());
    final List<Long> sleeps = new CopyOnWriteArrayList<>();
    final List<Long> sent = new CopyOnWriteArrayList<>();
    final KeyPacing pacing = new KeyPacing(Duration.ofNanos(PACE), clock::get, nanos -> {
        sleeps.add(nanos);
        clock.addAndGet(nanos);
    });

    void key() throws IOException {
        pacing.send(() -> sent.add(clock.get()));
    }

    @Test
    void aKeyAfterAQuietSpellGoesAtOnceAndTheNextWaitsOutThePace() throws IOException {
        key();
        clock.addAndGet(PACE * 3 / 10);
        key();
        assertThat(sleeps).containsExactly(PACE * 7 / 10);
        assertThat(sent.get(1) - sent.get(0)).isEqualTo(PACE);

        clock.addAndGet(PACE);
        key();
        assertThat(sleeps).as("a key the pace already allows").hasSize(1);
    }

    @Test
    void theGapCountsFromWhenTheSlowSendReturned() throws IOException {
        pacing.send(() -> clock.addAndGet(PACE / 2)); // a write that took half the pace
        key();
        assertThat(sleeps).containsExactly(PACE);
    }

    @Test
    void aFailedSendIsNoKeySent() throws IOException {
        assertThatThrownBy(() -> pacing.send(() -> {
            throw new IOException("broken pipe");
        })).isInstanceOf(IOException.class).hasMessage("broken pipe");
        key();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void anInterruptedWaitSendsNothingAndKeepsTheInterrupt() throws IOException {
        KeyPacing interrupted = new KeyPacing(Duration.ofNanos(PACE), clock::get, nanos -> {
            throw new InterruptedException();
        });
        interrupted.send(() -> sent.add(clock.get()));
        try {
            assertThatThrownBy(() -> interrupted.send(() -> sent.add(clock.get())))
                    .isInstanceOf(IOException.class).hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(sent).hasSize(1);
    }

    @Test
    void keysFromSeveralThreadsGoOneAtATimeThePaceApart() throws Exception {
        AtomicInteger sending = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 25; i++) {
                    try {
                        pacing.send(() -> {
                            if (sending.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            sent.add(clock.get());
                            Thread.yield();
                            sending.decrementAndGet();
                        });
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(overlaps).hasValue(0);
        assertThat(sent).hasSize(100);
        for (int i = 1; i < sent.size(); i++) {
            assertThat(sent.get(i) - sent.get(i - 1)).isGreaterThanOrEqualTo(PACE);
        }
    }
}
