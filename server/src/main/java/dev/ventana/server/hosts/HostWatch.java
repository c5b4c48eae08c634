package dev.ventana.server.hosts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;

/**
 * Declares hosts that stopped sending heartbeats DOWN, and their sessions LOST. Marking the host
 * and its sessions is one transaction, which a heartbeat of the same host waits for: a host back
 * at that moment is told to fence the guests just declared lost.
 *
 * <p>The same transaction asks when the next host can fall silent for {@code downAfter} at the
 * earliest (its last heartbeat plus that, by the database's clock), and the watch does not touch
 * the database again before then: a farm whose hosts all beat is checked once per
 * {@code downAfter}, not every second. A heartbeat only moves that moment later, and a host that
 * joins (or returns) after the check cannot be due sooner than {@code downAfter} after it.
 */
@Component
class HostWatch {
    private static final Logger log = LoggerFactory.getLogger(HostWatch.class);
    private final HostDirectory hosts;
    private final GuestLedger ledger;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Duration downAfter;
    /** Before the server has listened this long, a silent host may only have been waiting for it (a server restart). */
    private final Instant listeningSince = Instant.now();
    /** System.nanoTime() before which no host can be due; only the scheduler's one thread uses it. */
    private long nextCheck = System.nanoTime();

    HostWatch(HostDirectory hosts, GuestLedger ledger, ApplicationEventPublisher events, TransactionTemplate transactions,
              @Value("${ventana.hosts.down-after:15s}") Duration downAfter) {
        this.hosts = hosts;
        this.ledger = ledger;
        this.events = events;
        this.transactions = transactions;
        this.downAfter = downAfter;
    }

    @Scheduled(fixedDelayString = "${ventana.hosts.watch-interval:1s}", initialDelayString = "1s")
    public void check() {
        long now = System.nanoTime();
        if (now - nextCheck < 0) {
            return;
        }
        Duration wait = transactions.execute(status -> {
            for (Host host : hosts.markDown(downAfter, listeningSince)) {
                log.warn("Session host {} sent no heartbeat for {} s: DOWN, its sessions are lost", host.name(),
                        downAfter.toSeconds());
                ledger.hostDown(host);
                events.publishEvent(new HostEvents.HostDown(host.name()));
            }
            return hosts.untilNextDown(downAfter, listeningSince);
        });
        nextCheck = now + Math.clamp(wait == null ? 0 : wait.toNanos(), 0, downAfter.toNanos());
    }
}
