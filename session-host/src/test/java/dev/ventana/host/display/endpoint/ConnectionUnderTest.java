package dev.ventana.host.display.endpoint;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;

/**
 * What the DisplayConnection tests share: one connection to a fake 64x48 screen with a recording
 * transport. Pumps run on the calling thread, so every effect is visible when the call returns;
 * the refinement timer is real and stopped after each test.
 */
abstract class ConnectionUnderTest {
    static final int W = 64;
    static final int H = 48;

    final FakeScreen screen = new FakeScreen(W, H);
    final FakeSources sources = new FakeSources(screen);
    final RecordingOutbound out = new RecordingOutbound();
    final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    final DisplayConnection connection = new DisplayConnection("g-1", out, Runnable::run, timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }
}
