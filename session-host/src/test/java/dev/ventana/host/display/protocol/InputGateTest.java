package dev.ventana.host.display.protocol;

import dev.ventana.host.errors.ErrorKind;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputGateTest {

    private static final byte[] HELLO = {(byte) 0x81, 1, 0};
    private static final byte[] KEY_A = {(byte) 0x82, 1, 0, 0x1e};

    @Test
    void theBucketAllowsItsBurstThenItsRate() {
        InputFlood flood = new InputFlood(10, 100);
        for (int i = 0; i < 10; i++) {
            assertTrue(flood.admit(0));
        }
        assertFalse(flood.admit(0));
        assertTrue(flood.admit(10_000_000L), "10 ms at 100/s refills one");
        assertFalse(flood.admit(10_000_000L));
    }

    @Test
    void aSteadyTypistIsNeverStopped() throws ProtocolViolation {
        InputGate gate = new InputGate(InputFlood.standard());
        gate.admit(ByteBuffer.wrap(HELLO), 720, 400, 0);
        for (int i = 0; i < 100_000; i++) {
            assertTrue(gate.admit(ByteBuffer.wrap(KEY_A), 720, 400, i * 2_000_000L).isPresent()); // 500 per second
        }
    }

    @Test
    void aFloodClosesWithTooManyRequests() throws ProtocolViolation {
        InputGate gate = new InputGate(InputFlood.standard());
        gate.admit(ByteBuffer.wrap(HELLO), 720, 400, 0);
        ProtocolViolation violation = assertThrows(ProtocolViolation.class, () -> {
            for (int i = 0; i < 10_000; i++) {
                gate.admit(ByteBuffer.wrap(KEY_A), 720, 400, i * 100_000L); // 10 000 per second
            }
        });
        assertEquals(ErrorKind.TOO_MANY_REQUESTS, violation.kind());
        assertEquals(4429, violation.kind().closeCode());
    }

    /** Whatever bytes arrive, the gate either accepts them or throws a violation with a kind: nothing else escapes. */
    @Property(tries = 2000)
    void arbitraryBytesNeverEscapeAsAnythingButAViolation(@ForAll byte[] junk) {
        InputGate gate = new InputGate(InputFlood.standard());
        try {
            gate.admit(ByteBuffer.wrap(HELLO), 720, 400, 0);
            gate.admit(ByteBuffer.wrap(junk), 720, 400, 0);
        } catch (ProtocolViolation expected) {
            assertTrue(expected.kind() == ErrorKind.BAD_REQUEST || expected.kind() == ErrorKind.TOO_LARGE);
        }
    }

    @Property
    void everyValidScancodeIsAcceptedAndNothingElse(@ForAll char code) throws ProtocolViolation {
        boolean valid = (code >> 8 == 0 || code >> 8 == 0xe0) && (code & 0xff) >= 1 && (code & 0xff) <= 0x7f;
        byte[] key = {(byte) 0x82, 1, (byte) (code >> 8), (byte) code};
        BrowserMessageDecoder decoder = new BrowserMessageDecoder();
        if (valid) {
            assertEquals(new BrowserMessage.Key(true, code), decoder.decode(key));
        } else {
            assertThrows(ProtocolViolation.class, () -> decoder.decode(key));
        }
    }
}
