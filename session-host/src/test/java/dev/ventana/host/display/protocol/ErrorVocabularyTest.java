package dev.ventana.host.display.protocol;

import dev.ventana.host.errors.ErrorKind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session host's copy of the error vocabulary, its normal endings and its message limit say
 * what docs/protocol-vectors/errors.json says: the host does not depend on the server, so this
 * is what keeps the two copies (and the viewer's, tested against the same file) alike.
 */
class ErrorVocabularyTest {
    private final JsonNode source = Vectors.load("errors.json");

    @Test
    void sameKindsInTheSameOrder() {
        List<String> kinds = new ArrayList<>();
        source.get("kinds").forEach(k -> kinds.add(k.get("kind").asString()));
        assertThat(Arrays.stream(ErrorKind.values()).map(Enum::name)).containsExactlyElementsOf(kinds);
    }

    @Test
    void eachKindHasTheStatusAndCloseCodeOfTheSource() {
        for (JsonNode k : source.get("kinds")) {
            ErrorKind kind = ErrorKind.valueOf(k.get("kind").asString());
            assertThat(kind.httpStatus()).as("HTTP status of %s", kind).isEqualTo(k.get("http").asInt());
            assertThat(kind.closeCode()).as("close code of %s", kind).isEqualTo(k.get("close").asInt());
            assertThat(Ending.of(kind)).isEqualTo(new Ending(k.get("close").asInt(), kind.name()));
        }
    }

    @Test
    void normalEndsAndMessageLimit() {
        assertThat(Ending.SESSION_ENDED.code()).isEqualTo(source.get("sessionEnded").get("close").asInt());
        assertThat(Ending.SESSION_ENDED.reason()).isEqualTo(source.get("sessionEnded").get("reason").asString());
        assertThat(Ending.TAKEN_OVER.code()).isEqualTo(source.get("takenOver").get("close").asInt());
        assertThat(Ending.TAKEN_OVER.reason()).isEqualTo(source.get("takenOver").get("reason").asString());
        assertThat(MessageType.MAX_MESSAGE_BYTES).isEqualTo(source.get("limits").get("maxMessageBytes").asInt());
        assertThat(MessageType.MAX_CLIPBOARD_BYTES).isEqualTo(source.get("limits").get("maxClipboardBytes").asInt());
    }
}
