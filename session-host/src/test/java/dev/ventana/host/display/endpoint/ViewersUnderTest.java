package dev.ventana.host.display.endpoint;

import static org.awaitility.Awaitility.await;

import dev.ventana.host.display.source.FakeEngine;
import dev.ventana.host.display.source.FakeVncServer;
import dev.ventana.host.display.source.RfbScreenSources;
import dev.ventana.host.display.source.ViewerRole;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.rfb.RfbClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of several viewers of one guest share: the real screen registry on a fake VNC
 * server (guest "g-1", 32x24, one red pixel at (1, 1) once the screen is read), a fake engine
 * and a clock the test sets; each viewer is a {@link DisplayConnection} with a recording transport, its pump on
 * virtual threads as in the host.
 */
abstract class ViewersUnderTest {
    static final String GUEST = "g-1";
    static final int RED = 0xff0000;

    @TempDir
    Path tmp;

    final FakeEngine engine = new FakeEngine();
    /** The registry's clock: it stands still until a test moves it. */
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-05T09:00:00Z"));
    final ExecutorService pumps = Executors.newVirtualThreadPerTaskExecutor();
    final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    FakeVncServer vnc;
    RfbScreenSources sources;

    @BeforeEach
    void startTheGuest() throws IOException {
        vnc = new FakeVncServer(tmp.resolve(GUEST + ".sock"), 32, 24, false);
        engine.put(GUEST, GuestState.RUNNING, vnc.socket);
        sources = new RfbScreenSources(engine, RfbClient::connect, Duration.ofSeconds(2), now::get);
    }

    @AfterEach
    void stopEverything() throws IOException {
        sources.close();
        pumps.shutdownNow();
        timer.shutdownNow();
        vnc.close();
    }

    /** A viewer that connected and said HELLO; returns once its first frame was sent. */
    DisplayConnection watching(RecordingOutbound out) {
        return watching(out, ViewerRole.USER);
    }

    /** A viewer in this role that connected and said HELLO; returns once its first frame was sent. */
    DisplayConnection watching(RecordingOutbound out, ViewerRole role) {
        DisplayConnection viewer = new DisplayConnection(GUEST, role, out, pumps, timer, DisplayConnection.HELLO_TIMEOUT);
        viewer.start(sources);
        viewer.receive(BrowserBytes.hello(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> out.frames().contains(1L));
        return viewer;
    }

    /** The colour (0xRRGGBB) the viewer's browser shows at (x, y). */
    static int pixel(RecordingOutbound out, int x, int y) {
        var canvas = out.canvas();
        return canvas.rgb()[y * canvas.width() + x];
    }
}
