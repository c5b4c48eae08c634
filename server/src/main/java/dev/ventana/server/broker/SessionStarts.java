package dev.ventana.server.broker;

import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lets a viewer wait for its session to start instead of asking every second: a second of
 * polling alone would spend the whole budget of an instant-on launch. A waiter is woken at once
 * when this server records the start (a host's heartbeat, see HostGuests), and within
 * {@link #POLL} when another server of the farm does. Each wait holds no request thread, only a
 * future; the few waiting at a time share one timer thread. Thread-safe.
 */
@Component
public class SessionStarts {
    static final Duration POLL = Duration.ofMillis(200);
    private final SessionStore sessions;
    private final Map<UUID, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("session-starts").daemon().factory());

    SessionStarts(SessionStore sessions) {
        this.sessions = sessions;
    }

    /** Completes once the session is no longer PLACING or STARTING, or after {@code within}, whichever comes first. */
    public CompletableFuture<Void> leftStarting(UUID session, Duration within) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // Waiters of one session (two tabs) share a future; one already complete is not waited on.
        CompletableFuture<Void> shared = waiting.compute(session, (id, old) -> old == null || old.isDone() ? done : old);
        ScheduledFuture<?> poll = timer.scheduleWithFixedDelay(() -> {
            if (sessions.find(session).map(s -> !starting(s)).orElse(true)) {
                shared.complete(null);
            }
        }, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> timeout = timer.schedule(() -> shared.complete(null), within.toMillis(), TimeUnit.MILLISECONDS);
        // Off the thread that completed it (a heartbeat's): what follows reads the database.
        return shared.whenCompleteAsync((ok, e) -> {
            poll.cancel(false);
            timeout.cancel(false);
            waiting.remove(session, shared);
        }, timer);
    }

    /**
     * This server saw the session's state change: its waiters look again at once, or once the
     * change is committed when it is part of a transaction (before, they would read the old state).
     */
    void changed(UUID session) {
        Runnable wake = () -> {
            CompletableFuture<Void> w = waiting.get(session);
            if (w != null) {
                w.complete(null);
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake.run();
                }
            });
        } else {
            wake.run();
        }
    }

    private static boolean starting(DesktopSession s) {
        return s.state() == SessionState.PLACING || s.state() == SessionState.STARTING;
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
