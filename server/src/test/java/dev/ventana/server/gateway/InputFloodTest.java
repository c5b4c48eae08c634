package dev.ventana.server.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's copy of the protocol's input flood limit: a burst of 2000, 1000 a second after it. */
class InputFloodTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstOf2000PassesAndTheNextMessageInTheSameInstantDoesNot() {
        InputFlood flood = new InputFlood();
        for (int i = 0; i < InputFlood.BURST; i++) {
            assertThat(flood.admit(5 * SECOND)).as("message %d", i).isTrue();
        }
        assertThat(flood.admit(5 * SECOND)).isFalse();
    }

    @Test
    void theBucketRefillsAt1000ASecond() {
        InputFlood flood = new InputFlood();
        for (int i = 0; i < InputFlood.BURST; i++) {
            flood.admit(0);
        }
        for (int i = 0; i < InputFlood.PER_SECOND; i++) {
            assertThat(flood.admit(SECOND)).isTrue();
        }
        assertThat(flood.admit(SECOND)).isFalse();
    }

    @Test
    void fastTypingAndPointerMotionNeverTripIt() {
        InputFlood flood = new InputFlood();
        // 900 messages a second for a minute: far more than any person's keys and pointer.
        for (long i = 0; i < 900 * 60; i++) {
            assertThat(flood.admit(i * SECOND / 900)).isTrue();
        }
    }
}
