package dev.ventana.server.gateway;

import dev.ventana.server.ProtocolVocabulary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway refuses display messages at the limit of docs/protocol-vectors/errors.json. */
class MessageLimitTest {

    @Test
    void theRelaysLimitIsTheProtocols() {
        assertThat(DisplayRelay.MAX_MESSAGE_BYTES).isEqualTo(ProtocolVocabulary.load().maxMessageBytes());
    }

    @Test
    void theClipboardLimitIsTheProtocols() {
        assertThat(DisplayRules.MAX_CLIPBOARD_BYTES).isEqualTo(ProtocolVocabulary.load().maxClipboardBytes());
    }

    @Test
    void aSessionThatEndsClosesAsTheProtocolSays() {
        ProtocolVocabulary vocabulary = ProtocolVocabulary.load();
        assertThat(DisplayRelay.SESSION_ENDED.getCode()).isEqualTo(vocabulary.sessionEndedClose());
        assertThat(DisplayRelay.SESSION_ENDED.getReason()).isEqualTo(vocabulary.sessionEndedReason());
    }
}
