package dev.ventana.host.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The root terminal of an office maintenance or packaging desktop, typed into over RFB as the
 * admin types into it in the viewer; what it runs reports on the serial console.
 */
public record RootTerminal(UsKeyboard keys, ConsoleLog console) {
    /** Types until the terminal answers: it takes the keyboard only once it is mapped. */
    public void awaitReady() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(10)).until(() -> {
            keys.type("echo term-$((40+2)) > /dev/ttyS0\n");
            return console.contains("term-42");
        });
    }

    /**
     * {@code apt-get update} and {@code apt-get install -y <arguments>} from Debian's mirror,
     * their output on the console; fails on apt's error. Returns the seconds it took.
     */
    public long aptInstall(String arguments) throws java.io.IOException, InterruptedException {
        long started = System.nanoTime();
        keys.type("apt-get update > /dev/ttyS0 2>&1 && apt-get install -y " + arguments
                + " > /dev/ttyS0 2>&1 && echo apt-$((6*7))-ok > /dev/ttyS0\n");
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2))
                .until(() -> console.contains("apt-42-ok") || console.contains("E: "));
        assertThat(console.text()).as("apt on the console").contains("apt-42-ok");
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    }
}
