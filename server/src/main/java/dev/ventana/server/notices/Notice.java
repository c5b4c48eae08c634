package dev.ventana.server.notices;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One notice of one session, as stored. {@code deadline} is when its countdown ends (null: no
 * countdown); {@code seq} orders every change across the farm.
 */
public record Notice(UUID session, String id, NoticeKind kind, Level level, String text, Instant deadline,
                     List<String> actions, boolean cleared, long seq) {

    public enum Level {
        info, warning, error
    }
}
