package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ventana.host.display.protocol.ProtocolViolation;
import dev.ventana.host.display.source.ViewerRole;
import dev.ventana.host.errors.ErrorKind;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The handshake's token check, guest id and viewer role, and the joining of inbound message parts. */
class EndpointPartsTest {
    static final String TOKEN = "0123456789abcdef-farm";

    @Test
    void onlyTheFarmTokenAsABearerTokenIsLetIn() {
        FarmTokenHandshake auth = new FarmTokenHandshake(TOKEN);
        assertThat(auth.authorized("Bearer " + TOKEN)).isTrue();
        assertThat(auth.authorized("bearer  " + TOKEN + " ")).isTrue();
        assertThat(auth.authorized(null)).isFalse();
        assertThat(auth.authorized("")).isFalse();
        assertThat(auth.authorized("Bearer")).isFalse();
        assertThat(auth.authorized("Bearer ")).isFalse();
        assertThat(auth.authorized("Basic " + TOKEN)).isFalse();
        assertThat(auth.authorized("Bearer " + TOKEN + "x")).isFalse();
        assertThat(auth.authorized("Bearer " + TOKEN.substring(1))).isFalse();
    }

    @Test
    void aShortOrMissingFarmTokenStopsTheHost() {
        assertThatThrownBy(() -> new FarmTokenHandshake(null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new FarmTokenHandshake("short")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theGuestIdIsTheLastPathSegmentOrNothing() {
        assertThat(FarmTokenHandshake.guestId("/display/g-0123456789ab")).isEqualTo("g-0123456789ab");
        assertThat(FarmTokenHandshake.guestId("/display/")).isEmpty();
        assertThat(FarmTokenHandshake.guestId("/display/a/b")).isEmpty();
        assertThat(FarmTokenHandshake.guestId("/display/%2e%2e")).isEmpty();
        assertThat(FarmTokenHandshake.guestId("/display/" + "x".repeat(65))).isEmpty();
        assertThat(FarmTokenHandshake.guestId(null)).isEmpty();
    }

    @Test
    void noQueryIsTheUsersViewerModeShadowIsAShadowAndAnythingElseIsRefused() {
        assertThat(FarmTokenHandshake.role(null)).hasValue(ViewerRole.USER);
        assertThat(FarmTokenHandshake.role("")).hasValue(ViewerRole.USER);
        assertThat(FarmTokenHandshake.role("mode=shadow")).hasValue(ViewerRole.SHADOW);
        for (String other : new String[] {"mode=user", "mode=SHADOW", "mode=shadow&mode=user", "x=1", "mode=shadow&x=1",
                "mode", "mode=", "mode=shadow%00"}) {
            assertThat(FarmTokenHandshake.role(other)).as(other).isEmpty();
        }
    }

    @Test
    void aMessageInOnePartPassesUncopiedAndPartsAreJoined() throws Exception {
        MessageAssembler a = new MessageAssembler();
        ByteBuffer one = ByteBuffer.wrap(new byte[] {(byte) 0x85, 0, 0, 0, 1});
        assertThat(a.accept(one, true)).isSameAs(one);

        assertThat(a.accept(ByteBuffer.wrap(new byte[] {(byte) 0x85, 0}), false)).isNull();
        ByteBuffer whole = a.accept(ByteBuffer.wrap(new byte[] {0, 0, 2}), true);
        byte[] bytes = new byte[whole.remaining()];
        whole.get(bytes);
        assertThat(bytes).containsExactly(0x85, 0, 0, 0, 2);
    }

    @Test
    void partsPastOneMebibyteAreRefusedBeforeTheRestArrives() throws Exception {
        MessageAssembler a = new MessageAssembler();
        for (int i = 0; i < 16; i++) {
            assertThat(a.accept(ByteBuffer.allocate(64 * 1024), false)).isNull();
        }
        assertThatThrownBy(() -> a.accept(ByteBuffer.allocate(1), false))
                .isInstanceOfSatisfying(ProtocolViolation.class, v -> assertThat(v.kind()).isEqualTo(ErrorKind.TOO_LARGE));
        // Exactly 1 MiB in parts is still a message (the decoder judges its content).
        MessageAssembler b = new MessageAssembler();
        for (int i = 0; i < 15; i++) {
            b.accept(ByteBuffer.allocate(64 * 1024), false);
        }
        assertThat(b.accept(ByteBuffer.allocate(64 * 1024), true).remaining()).isEqualTo(1 << 20);
        assertThatThrownBy(() -> new MessageAssembler().accept(ByteBuffer.allocate((1 << 20) + 1), true))
                .isInstanceOf(ProtocolViolation.class);
    }
}
