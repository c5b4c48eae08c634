package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Making templates where real QEMU cannot show it: a machine whose KVM aborts (FakeQemu). */
class TemplatesTest {
    @TempDir
    Path tmp;

    @Test
    void aTemplateBootThatFailsUnderKvmOnProbationSendsTheHostToTcgAndIsMadeAgainUnderIt() throws Exception {
        try (FakeQemu fake = new FakeQemu(tmp, Accelerator.Mode.AUTO, new Semaphore(1));
             Templates templates = new Templates(tmp.resolve("templates"), fake.context(), Set::of)) {
            QemuEngineContext ctx = fake.context();
            assertThat(ctx.accelerator().choose()).isEqualTo("kvm");
            templates.request(fake.image(true), new TemplateSpec("tiny", "v1", 256, 1, GuestNetwork.NONE, false, "kvm"));

            await().atMost(Duration.ofSeconds(20)).until(() -> fake.calls().contains("-accel tcg"));
            assertThat(ctx.accelerator().choose()).isEqualTo("tcg");
            String[] calls = fake.calls().split("\n");
            assertThat(calls[0]).contains("-accel kvm", "ventana.template=1");
            assertThat(calls[1]).contains("-accel tcg", "ventana.template=1");
            // Nothing is left of either attempt but the failures they counted.
            assertThat(templates.ready(fake.image(true), new TemplateSpec("tiny", "v1", 256, 1, GuestNetwork.NONE, false,
                    "tcg"))).isEmpty();
        }
    }
}
