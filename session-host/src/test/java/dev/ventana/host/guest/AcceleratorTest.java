package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcceleratorTest {
    @TempDir
    Path tmp;

    @Test
    void autoTriesKvmUntilABootHangsThenStaysWithTcg() throws Exception {
        Path kvm = Files.createFile(tmp.resolve("kvm"));
        Accelerator a = new Accelerator(Accelerator.Mode.AUTO, kvm);
        assertThat(a.choose()).isEqualTo("kvm");
        assertThat(a.probing("kvm")).isTrue();
        assertThat(a.mayFallBack()).isTrue();
        a.kvmHangs("g-1", "made no boot progress in 8 s");
        assertThat(a.choose()).isEqualTo("tcg");
        assertThat(a.probing("tcg")).isFalse();
        assertThat(a.verdict()).isEqualTo(Accelerator.Verdict.HANGS);
    }

    @Test
    void aKvmThatBootedOnceIsNoLongerProbed() throws Exception {
        Accelerator a = new Accelerator(Accelerator.Mode.AUTO, Files.createFile(tmp.resolve("kvm")));
        a.kvmWorks();
        assertThat(a.choose()).isEqualTo("kvm");
        assertThat(a.probing("kvm")).isFalse();
    }

    @Test
    void autoWithoutKvmDeviceUsesTcg() {
        assertThat(new Accelerator(Accelerator.Mode.AUTO, tmp.resolve("absent")).choose()).isEqualTo("tcg");
    }

    @Test
    void explicitModesNeverProbeOrFallBack() throws Exception {
        Path kvm = Files.createFile(tmp.resolve("kvm"));
        Accelerator forcedKvm = new Accelerator(Accelerator.Mode.KVM, kvm);
        forcedKvm.kvmHangs("g-2", "crashed");
        assertThat(forcedKvm.choose()).isEqualTo("kvm");
        assertThat(forcedKvm.mayFallBack()).isFalse();
        assertThat(forcedKvm.probing("kvm")).isFalse();
        assertThat(new Accelerator(Accelerator.Mode.TCG, kvm).choose()).isEqualTo("tcg");
    }

    @Test
    void parsesModesAndRejectsOthers() {
        assertThat(Accelerator.parse(" Auto ")).isEqualTo(Accelerator.Mode.AUTO);
        assertThat(Accelerator.parse("tcg")).isEqualTo(Accelerator.Mode.TCG);
        assertThatThrownBy(() -> Accelerator.parse("hvf")).hasMessageContaining("auto, kvm or tcg");
    }
}
