package dev.ventana.host.display.source;

import dev.ventana.host.dbus.QemuDbusDisplay;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.errors.ErrorKind;
import dev.ventana.host.rfb.RfbClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a guest's {@link ScreenLink}: through QEMU's D-Bus display when the guest has a display
 * monitor (QEMU was started with it: an image whose manifest says {@code "display": "virtio-dbus"},
 * docs/session-host.md), else, or when that fails, through its VNC server, which every guest has.
 * The D-Bus attempt gets {@code timeout}, on {@code background}, as the VNC one does. Stateless, so
 * thread-safe.
 */
record ScreenDialer(VncDialer vnc, RfbScreenSources.DbusConnector dbus, Duration timeout, ExecutorService background) {
    // Under the registry's name, as the rest of the screens' log.
    private static final Logger log = LoggerFactory.getLogger(RfbScreenSources.class);

    ScreenLink dial(String guestId, Path vncSocket, Path displayMonitor) throws Refusal {
        if (displayMonitor != null && Files.exists(displayMonitor)) {
            try {
                return new DbusLink(dialDbus(guestId, displayMonitor), clipboardOnly(guestId, vncSocket));
            } catch (IOException e) {
                log.warn("display of {}: D-Bus display failed ({}); reading the screen over VNC instead", guestId,
                        e.getMessage());
            }
        }
        return new RfbLink(vnc.dial(guestId, vncSocket));
    }

    /** The VNC connection that carries only the clipboard beside a D-Bus display; null (no clipboard) if it fails. */
    private RfbClient clipboardOnly(String guestId, Path vncSocket) {
        try {
            return RfbClient.clipboardOnly(vncSocket);
        } catch (IOException e) {
            log.warn("display of {}: no clipboard: its VNC server did not answer ({})", guestId, e.getMessage());
            return null;
        }
    }

    private QemuDbusDisplay dialDbus(String guestId, Path monitor) throws IOException, Refusal {
        CompletableFuture<QemuDbusDisplay> f = CompletableFuture.supplyAsync(() -> {
            try {
                return dbus.connect(monitor, guestId);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, background);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Its own steps time out too; whatever it opens after all is closed, not leaked.
            f.thenAccept(QemuDbusDisplay::close);
            throw new IOException("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            f.thenAccept(QemuDbusDisplay::close);
            Thread.currentThread().interrupt();
            throw new Refusal(Ending.of(ErrorKind.UNAVAILABLE), "interrupted");
        }
    }
}
