package dev.ventana.host.display.endpoint;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one connection's pump task, the only one that sends to the viewer. Anyone may ask for a
 * run; runs never overlap, so frames never overtake each other; a request during a run makes the
 * task run once more, so none is lost, and a burst of requests costs one run, not one each.
 * Nothing runs while nobody asks: an idle viewer costs no thread. The refinement tick asks
 * again a little later, with at most one tick pending.
 *
 * <p>Thread-safe without a lock: the request that finds the counter at 0 starts a run, and the
 * run ends once it has served every request it saw. If the executor refuses a run (the host is
 * shutting down), {@code refused} is told and the pump stays stopped.
 */
final class Pump {
    private final Executor runs;
    private final ScheduledExecutorService timer;
    private final Duration tick;
    private final Runnable task;
    private final Runnable refused;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicBoolean tickPending = new AtomicBoolean();

    /**
     * @param task    one run; must not throw (a throw would stop the pump for good)
     * @param refused called when {@code runs} refuses to start a run
     */
    Pump(Executor runs, ScheduledExecutorService timer, Duration tick, Runnable task, Runnable refused) {
        this.runs = runs;
        this.timer = timer;
        this.tick = tick;
        this.task = task;
        this.refused = refused;
    }

    /** Asks for one run soon. */
    void request() {
        if (requests.getAndIncrement() == 0) {
            try {
                runs.execute(this::drain);
            } catch (RejectedExecutionException e) {
                refused.run();
            }
        }
    }

    /** Asks for one run a tick from now, unless a tick is pending already. */
    void requestAfterTick() {
        if (tickPending.compareAndSet(false, true)) {
            try {
                timer.schedule(() -> {
                    tickPending.set(false);
                    request();
                }, tick.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                tickPending.set(false); // the host is shutting down; the connection is closed with it
            }
        }
    }

    private void drain() {
        int seen = requests.get();
        while (true) {
            task.run();
            int left = requests.addAndGet(-seen);
            if (left == 0) {
                return;
            }
            seen = left;
        }
    }
}
