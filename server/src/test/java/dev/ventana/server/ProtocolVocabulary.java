package dev.ventana.server;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * docs/protocol-vectors/errors.json, the one source of the error vocabulary and the message
 * limit, which the session host's and the viewer's tests read too.
 */
public record ProtocolVocabulary(Map<String, Kind> kinds, int sessionEndedClose, String sessionEndedReason,
                                 int maxMessageBytes, int maxClipboardBytes) {

    public record Kind(int http, int close, boolean retryable) {
    }

    public static ProtocolVocabulary load() {
        JsonNode root = JsonMapper.builder().build().readTree(locate().toFile());
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (JsonNode k : root.get("kinds")) {
            kinds.put(k.get("kind").asString(), new Kind(k.get("http").asInt(), k.get("close").asInt(),
                    k.get("retryable").asBoolean()));
        }
        return new ProtocolVocabulary(kinds, root.get("sessionEnded").get("close").asInt(),
                root.get("sessionEnded").get("reason").asString(), root.get("limits").get("maxMessageBytes").asInt(),
                root.get("limits").get("maxClipboardBytes").asInt());
    }

    /** Surefire runs in the module directory; an IDE may run in the repository root. */
    private static Path locate() {
        for (Path p : new Path[]{Path.of("../docs/protocol-vectors/errors.json"), Path.of("docs/protocol-vectors/errors.json")}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("docs/protocol-vectors/errors.json not found from " + Path.of("").toAbsolutePath());
    }
}
