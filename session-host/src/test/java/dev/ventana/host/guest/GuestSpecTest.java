package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuestSpecTest {
    @ParameterizedTest
    @CsvSource({
        "alice, tiny, 0, 1, memoryMiB",
        "alice, tiny, 63, 1, memoryMiB",
        "alice, tiny, 65537, 1, memoryMiB",
        "alice, tiny, 256, 0, vcpus",
        "alice, tiny, 256, 65, vcpus",
        "../etc, tiny, 256, 1, user",
        ".hidden, tiny, 256, 1, user",
        "alice, ../x, 256, 1, image",
    })
    void refusesImpossibleRequests(String user, String image, int memory, int vcpus, String field) {
        assertThatThrownBy(() -> new GuestSpec(user, image, null, memory, vcpus))
                .isInstanceOfSatisfying(GuestException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(GuestException.Reason.INVALID))
                .hasMessageContaining(field);
    }

    @ParameterizedTest
    @CsvSource({"alice, tiny, 64, 1", "bob.smith@corp, office, 65536, 64", "u-1_2, tiny, 512, 2"})
    void acceptsPossibleOnes(String user, String image, int memory, int vcpus) {
        assertThatCode(() -> new GuestSpec(user, image, null, memory, vcpus)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({"0123456789ABCDEF", "0123", "../../../../etc/x"})
    void refusesMalformedVersions(String version) {
        assertThatThrownBy(() -> new GuestSpec("alice", "tiny", version, 256, 1)).hasMessageContaining("version");
    }
}
