package dev.ventana.server.errors;

import dev.ventana.server.ProtocolVocabulary;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's copy of the error vocabulary says what docs/protocol-vectors/errors.json says. */
class ErrorKindVocabularyTest {
    private final ProtocolVocabulary vocabulary = ProtocolVocabulary.load();

    @Test
    void sameKindsInTheSameOrder() {
        assertThat(Arrays.stream(ErrorKind.values()).map(Enum::name)).containsExactlyElementsOf(vocabulary.kinds().keySet());
    }

    @Test
    void eachKindHasTheStatusAndCloseCodeOfTheSource() {
        for (ErrorKind kind : ErrorKind.values()) {
            ProtocolVocabulary.Kind expected = vocabulary.kinds().get(kind.name());
            assertThat(kind.status().value()).as("HTTP status of %s", kind).isEqualTo(expected.http());
            assertThat(kind.closeCode()).as("close code of %s", kind).isEqualTo(expected.close());
        }
    }
}
