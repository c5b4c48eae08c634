package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
                        e -> assertThat(e.reason()).isEqualTo(GuestException.Reason.INVALID))
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

    @Test
    void theOptionsDefaultToTheDesktopWithoutNetworkAndAWritableDisk() {
        GuestSpec spec = new GuestSpec("alice", "tiny", null, 256, 1, null, null, null);
        assertThat(spec.application()).isNull();
        assertThat(spec.network()).isEqualTo(GuestNetwork.NONE);
        assertThat(spec.dataDisk()).isEqualTo(DataDiskAccess.WRITABLE);
        assertThat(GuestNetwork.parse(null)).isEqualTo(GuestNetwork.NONE);
        assertThat(DataDiskAccess.parse(null)).isEqualTo(DataDiskAccess.WRITABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"editor", "terminal", "a", "x-1", "abcdefghijklmnopqrstuvwxyz012345"})
    void acceptsApplicationIds(String app) {
        assertThat(new GuestSpec("alice", "office", null, 256, 1, app, GuestNetwork.NAT, DataDiskAccess.READ_ONLY)
                .application()).isEqualTo(app);
    }

    /** The id goes onto the guest's kernel command line: spaces or '=' would add parameters. */
    @ParameterizedTest
    @ValueSource(strings = {"", "Editor", "1editor", "-x", "editor init=/bin/sh", "a=b", "abcdefghijklmnopqrstuvwxyz0123456",
        "editor\n"})
    void refusesMalformedApplicationIds(String app) {
        assertThatThrownBy(() -> new GuestSpec("alice", "office", null, 256, 1, app, null, null))
                .isInstanceOfSatisfying(GuestException.class,
                        e -> assertThat(e.reason()).isEqualTo(GuestException.Reason.INVALID))
                .hasMessageContaining("application");
    }

    /** A package's name becomes a mount point and a SESSION word in the guest: nothing else may get there. */
    @Test
    void packagesNeedWellFormedNamesAndVersionsEachNameOnceAndAtMostSixteen() {
        String v = "0123456789abcdef";
        for (String bad : new String[] {"", "Demo", "1demo", "../x", "demo x", "demo@x", "a".repeat(33)}) {
            assertThatThrownBy(() -> new GuestPackage(bad, v, null)).as(bad).hasMessageContaining("name");
        }
        for (String bad : new String[] {"", "0123", "0123456789ABCDEF", "0123456789abcdef0"}) {
            assertThatThrownBy(() -> new GuestPackage("demo", bad, null)).as(bad).hasMessageContaining("16 hex");
        }
        assertThatThrownBy(() -> spec(List.of(new GuestPackage("demo", v, null), new GuestPackage("demo", v, null))))
                .hasMessageContaining("named twice");
        List<GuestPackage> seventeen = java.util.stream.IntStream.range(0, 17)
                .mapToObj(i -> new GuestPackage("p" + i, v, null)).toList();
        assertThatThrownBy(() -> spec(seventeen)).hasMessageContaining("at most 16");
        assertThat(spec(seventeen.subList(0, 16)).packages()).hasSize(16);
        assertThat(new GuestSpec("alice", "tiny", null, 256, 1).packages()).isEmpty();
    }

    private static GuestSpec spec(List<GuestPackage> packages) {
        return new GuestSpec("alice", "tiny", null, 256, 1, null, null, null, List.of(), false, false, packages);
    }

    @Test
    void parsesNetworkAndDataDiskAndNamesTheFieldOfAWrongValue() {
        assertThat(GuestNetwork.parse("NAT")).isEqualTo(GuestNetwork.NAT);
        assertThat(GuestNetwork.parse("none")).isEqualTo(GuestNetwork.NONE);
        assertThat(DataDiskAccess.parse("READ_ONLY")).isEqualTo(DataDiskAccess.READ_ONLY);
        assertThatThrownBy(() -> GuestNetwork.parse("BRIDGE")).isInstanceOfSatisfying(GuestException.class,
                e -> assertThat(e.reason()).isEqualTo(GuestException.Reason.INVALID))
                .hasMessage("network must be NONE or NAT, not 'BRIDGE'");
        assertThatThrownBy(() -> DataDiskAccess.parse("SHARED")).isInstanceOfSatisfying(GuestException.class,
                e -> assertThat(e.reason()).isEqualTo(GuestException.Reason.INVALID))
                .hasMessage("dataDisk must be WRITABLE, READ_ONLY or NONE, not 'SHARED'");
    }
}
