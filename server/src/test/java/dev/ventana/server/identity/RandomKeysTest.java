package dev.ventana.server.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The form a display ticket or kiosk key must have before its hash is looked up. */
class RandomKeysTest {

    @Test
    void aFreshKeyIsWellFormed() {
        assertThat(RandomKeys.wellFormed(new RandomKeys().next())).isTrue();
    }

    /** Found by BearerTokenFuzzTest: non-ASCII letters passed, and hashed as '?' they collided. */
    @Test
    void onlyTheUrlSafeAsciiAlphabetIsWellFormed() {
        String ascii = "-".repeat(RandomKeys.LENGTH - 1);
        assertThat(RandomKeys.wellFormed(ascii + "a")).isTrue();
        assertThat(RandomKeys.wellFormed(ascii + "é")).isFalse();
        assertThat(RandomKeys.wellFormed(ascii + "世")).isFalse();
        assertThat(RandomKeys.wellFormed(ascii + "٣")).as("an Arabic-Indic digit").isFalse();
        assertThat(RandomKeys.wellFormed(ascii + "=")).isFalse();
        assertThat(RandomKeys.wellFormed(ascii)).isFalse();
        assertThat(RandomKeys.wellFormed(null)).isFalse();
    }
}
