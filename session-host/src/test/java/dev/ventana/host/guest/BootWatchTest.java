package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BootWatchTest {
    private final BootWatch watch = new BootWatch(Duration.ofMillis(5));

    @Test
    void aBootThatNeverProgressesTimesOut() throws Exception {
        long start = System.nanoTime();
        assertThat(watch.await(() -> false, Duration.ofMillis(200), () -> true)).isEqualTo(BootWatch.Outcome.NO_PROGRESS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void progressEndsTheWait() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        assertThat(watch.await(() -> polls.incrementAndGet() >= 3, Duration.ofSeconds(5), () -> true))
                .isEqualTo(BootWatch.Outcome.PROGRESS);
        assertThat(polls.get()).isEqualTo(3);
    }

    @Test
    void aProbeThatFailsIsRetriedNotFatal() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        BootWatch.Probe flaky = () -> {
            if (polls.incrementAndGet() < 3) {
                throw new IOException("QMP busy");
            }
            return true;
        };
        assertThat(watch.await(flaky, Duration.ofSeconds(5), () -> true)).isEqualTo(BootWatch.Outcome.PROGRESS);
    }

    @Test
    void aBootNoLongerWantedIsAbandoned() throws Exception {
        assertThat(watch.await(() -> false, Duration.ofSeconds(5), () -> false)).isEqualTo(BootWatch.Outcome.ABANDONED);
    }
}
