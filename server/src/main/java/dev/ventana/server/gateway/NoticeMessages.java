package dev.ventana.server.gateway;

import dev.ventana.server.notices.Notice;
import org.springframework.web.socket.BinaryMessage;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes the display protocol's {@code NOTICE} (0x20, docs/protocol.md): a JSON object after
 * the type byte. A countdown goes as seconds left, not as a deadline, so that the browser's
 * clock need not agree with the server's.
 */
final class NoticeMessages {
    static final byte NOTICE = 0x20;
    static final int MAX_BYTES = 4096;
    private final JsonMapper json;

    NoticeMessages(JsonMapper json) {
        this.json = json;
    }

    BinaryMessage encode(Notice notice, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", notice.id());
        if (notice.cleared()) {
            body.put("cleared", true);
        } else {
            body.put("kind", notice.kind().name());
            body.put("level", notice.level().name());
            body.put("text", notice.text());
            if (notice.deadline() != null) {
                body.put("secondsLeft", Math.max(0, Duration.between(now, notice.deadline()).toSeconds()));
            }
            body.put("actions", notice.actions());
        }
        return message(body);
    }

    /** Told only to the viewer that lost the desktop, so it is never stored. */
    BinaryMessage takenOver() {
        return message(Map.of("id", "taken-over", "kind", "TAKEN_OVER", "level", "warning",
                "text", "This desktop was opened on another device.", "actions", List.of("TAKE_BACK")));
    }

    private BinaryMessage message(Map<String, Object> body) {
        byte[] text = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        if (text.length + 1 > MAX_BYTES) {
            throw new IllegalArgumentException("a notice over " + MAX_BYTES + " bytes");
        }
        byte[] bytes = new byte[text.length + 1];
        bytes[0] = NOTICE;
        System.arraycopy(text, 0, bytes, 1, text.length);
        return new BinaryMessage(bytes);
    }
}
