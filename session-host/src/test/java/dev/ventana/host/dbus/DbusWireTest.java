package dev.ventana.host.dbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The messages we write read back as D-Bus lays them out: header fields, alignment, body. */
class DbusWireTest {

    private static DbusMessage reread(byte[] bytes) throws Exception {
        ByteBuffer m = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (16 + m.getInt(12) + 7) & ~7;
        assertThat(bytes.length).isEqualTo(headerLength + m.getInt(4));
        return DbusHeader.parse(m, headerLength, m.getInt(4));
    }

    @Test
    void aCallWithADescriptorNamesItsTargetSignatureAndDescriptorCount() throws Exception {
        byte[] bytes = DbusWriter.call(7, "/org/qemu/Display1/Console_0", "org.qemu.Display1.Console",
                "RegisterListener", "h", new DbusWriter().u32(0), false, 1);
        assertThat(bytes[0]).isEqualTo((byte) 'l');
        DbusMessage m = reread(bytes);
        assertThat(m.type()).isEqualTo(DbusMessage.METHOD_CALL);
        assertThat(m.serial()).isEqualTo(7);
        assertThat(m.path()).isEqualTo("/org/qemu/Display1/Console_0");
        assertThat(m.iface()).isEqualTo("org.qemu.Display1.Console");
        assertThat(m.member()).isEqualTo("RegisterListener");
        assertThat(m.signature()).isEqualTo("h");
        assertThat(m.expectsReply()).isTrue();
        assertThat(m.read().u32()).isZero();
    }

    @Test
    void anInputCallWantsNoReplyAndCarriesItsArguments() throws Exception {
        DbusMessage m = reread(DbusWriter.call(8, "/p", "org.qemu.Display1.Mouse", "SetAbsPosition", "uu",
                new DbusWriter().u32(1023).u32(767), true, 0));
        assertThat(m.expectsReply()).isFalse();
        DbusBody b = m.read();
        assertThat(b.u32()).isEqualTo(1023);
        assertThat(b.u32()).isEqualTo(767);
    }

    @Test
    void anErrorRepliesToItsCallWithItsText() throws Exception {
        DbusMessage m = reread(DbusWriter.error(9, 3, "org.freedesktop.DBus.Error.UnknownMethod", "no such"));
        assertThat(m.type()).isEqualTo(DbusMessage.ERROR);
        assertThat(m.replySerial()).isEqualTo(3);
        assertThat(m.errorText()).isEqualTo("org.freedesktop.DBus.Error.UnknownMethod: no such");
        DbusMessage r = reread(DbusWriter.methodReturn(10, 4));
        assertThat(r.type()).isEqualTo(DbusMessage.METHOD_RETURN);
        assertThat(r.replySerial()).isEqualTo(4);
    }

    @Test
    void aByteArrayAfterIntegersIsReadInPlace() {
        // Update(iiiiuuay): seven 4-byte values, then the array's length and its bytes.
        ByteBuffer body = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : new int[] {1, 2, 3, 4, 5, 6}) {
            body.putInt(v);
        }
        body.putInt(8).put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).flip();
        DbusBody b = new DbusBody(body);
        for (int v = 1; v <= 6; v++) {
            assertThat(b.i32()).isEqualTo(v);
        }
        ByteBuffer data = b.bytes();
        assertThat(data.remaining()).isEqualTo(8);
        assertThat(data.getInt(4)).isEqualTo(0x08070605);
    }
}
