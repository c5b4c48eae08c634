package dev.ventana.server.hosts;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a heartbeat's image versions (or packages) differ from those its host's row holds. Every heartbeat
 * lists them all while they rarely change, and comparing them as JSON trees (the row's jsonb text
 * has its own key order and spacing) cost more than the rest of the heartbeat. So the last list
 * found equal is remembered per host with the row's text it was compared with: while the row
 * still has that text (no other server or heartbeat changed it) an equal list is unchanged
 * without parsing anything.
 */
@Component
class ReportedImages {
    private final JsonMapper json;
    private final Map<String, Match> matched = new ConcurrentHashMap<>();

    private record Match(String rowJson, List<?> images) {
    }

    ReportedImages(JsonMapper json) {
        this.json = json;
    }

    /**
     * Whether {@code images} differ from {@code rowJson}, the host's images column as text (null: no
     * row yet). {@code host} keys what is remembered: the packages column is compared under a key of its own.
     */
    boolean changed(String host, String rowJson, List<?> images) {
        if (rowJson == null) {
            return true;
        }
        Match last = matched.get(host);
        if (last != null && last.rowJson().equals(rowJson) && last.images().equals(images)) {
            return false;
        }
        boolean changed = !json.readTree(rowJson).equals(json.readTree(json.writeValueAsString(images)));
        if (changed) {
            matched.remove(host);
        } else {
            matched.put(host, new Match(rowJson, images));
        }
        return changed;
    }
}
