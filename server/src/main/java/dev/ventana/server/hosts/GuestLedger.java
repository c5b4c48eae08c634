package dev.ventana.server.hosts;

import java.util.List;

/**
 * What a host's guests mean to the sessions that run on them. The broker keeps the sessions, so
 * it implements this; the hosts module only asks.
 */
public interface GuestLedger {

    /**
     * Takes a heartbeat's guests into the sessions on that host (started, ended, viewers, input)
     * and answers which of them must be ended at once: guests of sessions that are over, above
     * all those declared LOST while the host was DOWN, and guests no session knows.
     */
    List<String> reconcile(Host host, List<Heartbeat.Guest> guests);

    /** The host missed its heartbeats: every live session on it is LOST. */
    void hostDown(Host host);
}
