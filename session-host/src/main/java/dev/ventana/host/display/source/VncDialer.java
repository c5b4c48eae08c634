package dev.ventana.host.display.source;

import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.errors.ErrorKind;
import dev.ventana.host.rfb.RfbClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens the RFB connection to a guest's VNC socket within {@code timeout}, or says why not as a
 * {@link Refusal}. The handshake runs on {@code background} so that a QEMU which accepts and
 * never greets costs the caller no more than the timeout. Stateless, so thread-safe.
 */
record VncDialer(RfbScreenSources.Connector connector, Duration timeout, ExecutorService background) {

    RfbClient dial(String guestId, Path vncSocket) throws Refusal {
        Future<RfbClient> f = background.submit(() -> connector.connect(vncSocket));
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true); // interrupting the reader closes its channel
            throw new Refusal(Ending.of(ErrorKind.UPSTREAM_FAILED), "guest " + guestId + ": VNC server silent");
        } catch (ExecutionException e) {
            throw new Refusal(Ending.of(ErrorKind.UPSTREAM_FAILED),
                    "guest " + guestId + ": cannot open the screen: " + e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new Refusal(Ending.of(ErrorKind.UNAVAILABLE), "interrupted");
        }
    }
}
