package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ventana.host.display.Picture;
import dev.ventana.host.display.Rect;
import dev.ventana.host.display.Screen;
import dev.ventana.host.display.frame.DisplayStream;
import dev.ventana.host.display.protocol.BrowserMessage;
import dev.ventana.host.display.protocol.Canvas;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageReader;
import dev.ventana.host.display.source.GuestInput;
import dev.ventana.host.display.source.Refusal;
import dev.ventana.host.display.source.ScreenSource;
import dev.ventana.host.display.source.ScreenSources;
import dev.ventana.host.display.source.ScreenViewer;
import dev.ventana.host.errors.ErrorKind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint's logic with the real {@link DisplayStream}, input gate and encoders, a fake
 * screen source and a recording transport. Pumps run on the calling thread, so every effect is
 * visible when the call returns.
 */
class DisplayConnectionTest {
    static final int W = 64;
    static final int H = 48;

    final FakeScreen screen = new FakeScreen(W, H);
    final FakeSources sources = new FakeSources(screen);
    final Recorder out = new Recorder();
    final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    final DisplayConnection connection = new DisplayConnection("g-1", out, Runnable::run, timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void helloIsAnsweredWithTheScreenSizeThenAFrameThatPaintsIt() {
        screen.paint(new Rect(0, 0, W, H), 0x203040);
        screen.paint(new Rect(5, 6, 20, 10), 0xffcc00);
        connection.start(sources);
        assertThat(out.messages).as("nothing before the browser's HELLO").isEmpty();

        connection.receive(hello(0));

        assertThat(out.read(0)).isEqualTo(new HostMessage.Hello(1, W, H, 3));
        assertThat(out.read(out.messages.size() - 1)).isEqualTo(new HostMessage.FrameEnd(1));
        assertThat(out.canvas().rgb()).isEqualTo(screen.rgb());
    }

    @Test
    void changesFlowWithinTheWindowAndTheNewestPictureWinsWhenItOpens() {
        connection.start(sources);
        connection.receive(hello(0));
        screen.paint(new Rect(0, 0, 8, 8), 0x111111);
        screen.paint(new Rect(8, 0, 8, 8), 0x222222);
        assertThat(out.frames()).containsExactly(1L, 2L, 3L);

        // The window (3) is full: changes are only noted, however many.
        int before = out.messages.size();
        for (int i = 0; i < 50; i++) {
            screen.paint(new Rect(i % W, i % H, 3, 3), 0x010101 * i);
        }
        assertThat(out.messages).hasSize(before);

        connection.receive(ack(1));
        assertThat(out.frames()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(out.canvas().rgb()).as("frame 4 shows the screen as it is now").isEqualTo(screen.rgb());
    }

    @Test
    void anIdleScreenSendsNothingAndArmsNoTimer() throws Exception {
        DisplayConnection idle = new DisplayConnection("g-1", out, Runnable::run, timer, java.time.Duration.ofMillis(1));
        idle.start(sources);
        idle.receive(hello(0));
        idle.receive(ack(1));
        int before = out.messages.size();
        Thread.sleep(150);
        assertThat(out.messages).hasSize(before);
        assertThat(timer.getQueue()).isEmpty();
    }

    @Test
    void aFastChangingPhotoGoesLossyAndTheTimerRepaintsItLosslesslyOnceItSettles() {
        FakeScreen big = new FakeScreen(256, 192);
        Recorder rec = new Recorder();
        DisplayConnection c = new DisplayConnection("g-1", rec, Runnable::run, timer);
        c.start(new FakeSources(big));
        c.receive(hello(BrowserMessage.ACCEPTS_JPEG));
        java.util.Random random = new java.util.Random(7);
        // Changes 5 times in a row, each within 200 ms of the last, make an area fast-changing; a
        // busy machine may stretch a gap, so keep changing it until it goes JPEG (or give up).
        boolean lossy = false;
        for (int i = 0; i < 60 && !lossy; i++) {
            big.noise(new Rect(0, 0, 128, 128), random);
            c.receive(ack(rec.frames().getLast()));
            sleep(20);
            lossy = rec.messages.stream().map(HostMessageReader::read).anyMatch(m -> m instanceof HostMessage.Jpeg);
        }
        assertThat(lossy).as("a fast-changing photographic area goes JPEG").isTrue();
        int sent = rec.messages.size();

        // Still now: no damage arrives any more, only the refinement timer can repaint it.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
            c.receive(ack(rec.frames().getLast()));
            assertThat(rec.canvas().rgb()).isEqualTo(big.rgb());
        });
        assertThat(rec.messages.size()).isGreaterThan(sent);
        sleep(100);
        assertThat(timer.getQueue()).as("no timer once everything is lossless").hasSizeLessThanOrEqualTo(1);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void pingIsAnsweredAtOnceEvenWithTheWindowShut() {
        connection.start(sources);
        connection.receive(hello(0));
        screen.paint(new Rect(0, 0, 8, 8), 0x111111);
        screen.paint(new Rect(0, 0, 8, 8), 0x222222);
        connection.receive(ByteBuffer.wrap(new byte[] {(byte) 0x86, 0, 0, 1, 2}));
        assertThat(out.read(out.messages.size() - 1)).isEqualTo(new HostMessage.Pong(0x102));
    }

    @Test
    void refreshRepaintsTheWholeScreen() {
        screen.paint(new Rect(0, 0, W, H), 0x405060);
        connection.start(sources);
        connection.receive(hello(0));
        connection.receive(ack(1));
        connection.receive(ByteBuffer.wrap(new byte[] {(byte) 0x87}));
        assertThat(out.frames()).containsExactly(1L, 2L);
        Canvas fresh = new Canvas(W, H);
        out.messagesAfterFrame(1).forEach(fresh::apply);
        assertThat(fresh.rgb()).isEqualTo(screen.rgb());
    }

    @Test
    void keysAndPointerReachTheGuestAndWhatIsHeldIsReleasedWhenTheViewerGoes() {
        connection.start(sources);
        connection.receive(hello(0));
        connection.receive(key(true, 0x1e));
        connection.receive(key(false, 0x1e));
        connection.receive(key(true, 0xe01d)); // right control, held
        connection.receive(pointer(10, 20, 1)); // left button, held
        connection.receive(pointer(W + 5, 3, 1)); // outside: dropped
        assertThat(screen.input).containsExactly(
                new GuestInput.Key(0x1e, true), new GuestInput.Key(0x1e, false),
                new GuestInput.Key(0xe01d, true), new GuestInput.Pointer(10, 20, 1));

        connection.transportClosed();

        assertThat(screen.input.subList(4, screen.input.size())).containsExactly(
                new GuestInput.Key(0xe01d, false), new GuestInput.Pointer(10, 20, 0));
        assertThat(sources.leases).isZero();
        screen.paint(new Rect(0, 0, 4, 4), 0xffffff);
        assertThat(out.closed).isNull();
    }

    @Test
    void aMessageBeforeHelloIsABadRequest() {
        connection.start(sources);
        connection.receive(key(true, 0x1e));
        assertThat(out.closed).isEqualTo(new Ending(4400, "BAD_REQUEST"));
        assertThat(screen.input).isEmpty();
        assertThat(sources.leases).isZero();
    }

    @Test
    void aTruncatedMessageClosesWith4400AndTheGuestGetsNothingOfIt() {
        connection.start(sources);
        connection.receive(hello(0));
        connection.receive(ByteBuffer.wrap(new byte[] {(byte) 0x82, 1, 0}));
        assertThat(out.closed).isEqualTo(new Ending(4400, "BAD_REQUEST"));
        assertThat(screen.input).isEmpty();
        int sent = out.messages.size();
        connection.receive(key(true, 0x1e));
        screen.paint(new Rect(0, 0, 4, 4), 0xffffff);
        assertThat(screen.input).as("nothing after the close").isEmpty();
        assertThat(out.messages).hasSize(sent);
    }

    @Test
    void aMessageOverOneMebibyteIsTooLarge() {
        connection.start(sources);
        connection.receive(hello(0));
        connection.receive(ByteBuffer.allocate((1 << 20) + 1));
        assertThat(out.closed).isEqualTo(new Ending(4413, "TOO_LARGE"));
    }

    @Test
    void aViewerThatNeverSaysHelloIsClosedAndLetsGoOfTheScreen() {
        DisplayConnection silent = new DisplayConnection("g-1", out, Runnable::run, timer, java.time.Duration.ofMillis(50));
        silent.start(sources);
        assertThat(sources.leases).isEqualTo(1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> out.closed != null);
        assertThat(out.closed).isEqualTo(new Ending(4400, "BAD_REQUEST"));
        assertThat(sources.leases).isZero();
    }

    @Test
    void aViewerThatSaysHelloInTimeIsKept() throws Exception {
        DisplayConnection prompt = new DisplayConnection("g-1", out, Runnable::run, timer, java.time.Duration.ofMillis(50));
        prompt.start(sources);
        prompt.receive(hello(0));
        Thread.sleep(150);
        assertThat(out.closed).isNull();
    }

    @Test
    void anAckOfAFrameNotSentIsABadRequest() {
        connection.start(sources);
        connection.receive(hello(0));
        connection.receive(ack(7));
        assertThat(out.closed).isEqualTo(new Ending(4400, "BAD_REQUEST"));
    }

    @Test
    void aRefusedGuestClosesAtOnceWithTheRefusalsCode() {
        DisplayConnection unknown = new DisplayConnection("nope", out, Runnable::run, timer);
        unknown.start(sources);
        assertThat(out.closed).isEqualTo(new Ending(4404, "NOT_FOUND"));
    }

    @Test
    void theScreenEndingClosesTheViewerWithItsEnding() {
        connection.start(sources);
        connection.receive(hello(0));
        screen.end(Ending.SESSION_ENDED);
        assertThat(out.closed).isEqualTo(new Ending(1000, "SESSION_ENDED"));
        assertThat(sources.leases).isZero();
    }

    @Test
    void aViewerThatCannotTakeDataIsDropped() {
        connection.start(sources);
        connection.receive(hello(0));
        connection.receive(ack(1));
        out.failSends = true;
        screen.paint(new Rect(0, 0, 4, 4), 0xffffff);
        assertThat(out.closed).isEqualTo(new Ending(4503, "UNAVAILABLE"));
        assertThat(sources.leases).isZero();
    }

    // --- messages ---

    static ByteBuffer hello(int flags) {
        return ByteBuffer.wrap(new byte[] {(byte) 0x81, 1, (byte) flags});
    }

    static ByteBuffer ack(long frame) {
        return ByteBuffer.allocate(5).put((byte) 0x85).putInt((int) frame).flip();
    }

    static ByteBuffer key(boolean down, int code) {
        return ByteBuffer.allocate(4).put((byte) 0x82).put((byte) (down ? 1 : 0)).putShort((short) code).flip();
    }

    static ByteBuffer pointer(int x, int y, int buttons) {
        return ByteBuffer.allocate(6).put((byte) 0x83).putShort((short) x).putShort((short) y).put((byte) buttons).flip();
    }

    // --- fakes ---

    /** The outbound side of a WebSocket: records messages and the close. */
    static final class Recorder implements DisplayConnection.Outbound {
        final List<byte[]> messages = new CopyOnWriteArrayList<>();
        volatile Ending closed;
        volatile boolean failSends;

        @Override
        public void send(byte[] message) throws java.io.IOException {
            if (failSends) {
                throw new java.io.IOException("send-time limit exceeded");
            }
            messages.add(message);
        }

        @Override
        public void close(Ending ending) {
            if (closed == null) {
                closed = ending;
            }
        }

        HostMessage read(int i) {
            return HostMessageReader.read(messages.get(i));
        }

        List<Long> frames() {
            List<Long> frames = new ArrayList<>();
            for (byte[] m : messages) {
                if (HostMessageReader.read(m) instanceof HostMessage.FrameEnd f) {
                    frames.add(f.frame());
                }
            }
            return frames;
        }

        List<HostMessage> messagesAfterFrame(long frame) {
            List<HostMessage> after = new ArrayList<>();
            boolean seen = false;
            for (byte[] m : messages) {
                HostMessage message = HostMessageReader.read(m);
                if (seen) {
                    after.add(message);
                }
                if (message instanceof HostMessage.FrameEnd f && f.frame() == frame) {
                    seen = true;
                }
            }
            return after;
        }

        Canvas canvas() {
            HostMessage.Hello hello = (HostMessage.Hello) read(0);
            Canvas canvas = new Canvas(hello.width(), hello.height());
            for (int i = 1; i < messages.size(); i++) {
                canvas.apply(read(i));
            }
            return canvas;
        }
    }

    /** A guest screen held in memory: painting it tells the viewers, input is recorded. */
    static final class FakeScreen implements ScreenSource {
        final int width;
        final int height;
        final int[] argb;
        final ReentrantLock lock = new ReentrantLock();
        final List<ScreenViewer> viewers = new CopyOnWriteArrayList<>();
        final List<GuestInput> input = new CopyOnWriteArrayList<>();

        FakeScreen(int width, int height) {
            this.width = width;
            this.height = height;
            this.argb = new int[width * height];
            Arrays.fill(argb, 0xff000000);
        }

        void paint(Rect r, int rgb) {
            lock.lock();
            try {
                for (int y = r.y(); y < Math.min(height, r.bottom()); y++) {
                    for (int x = r.x(); x < Math.min(width, r.right()); x++) {
                        argb[y * width + x] = 0xff000000 | rgb;
                    }
                }
            } finally {
                lock.unlock();
            }
            viewers.forEach(v -> v.damaged(List.of(r), false, System.nanoTime()));
        }

        void noise(Rect r, java.util.Random random) {
            lock.lock();
            try {
                for (int y = r.y(); y < r.bottom(); y++) {
                    for (int x = r.x(); x < r.right(); x++) {
                        argb[y * width + x] = 0xff000000 | random.nextInt(0x1000000);
                    }
                }
            } finally {
                lock.unlock();
            }
            viewers.forEach(v -> v.damaged(List.of(r), false, System.nanoTime()));
        }

        void end(Ending ending) {
            viewers.forEach(v -> v.ended(ending));
        }

        int[] rgb() {
            return Arrays.stream(argb).map(p -> p & 0xffffff).toArray();
        }

        @Override
        public int width() {
            return width;
        }

        @Override
        public int height() {
            return height;
        }

        @Override
        public <T> T withScreen(Function<Screen, T> action) {
            lock.lock();
            try {
                return action.apply(new Picture(width, height, argb));
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void send(GuestInput in) {
            input.add(in);
        }
    }

    /** One known guest, "g-1". */
    static final class FakeSources implements ScreenSources {
        final FakeScreen screen;
        int leases;

        FakeSources(FakeScreen screen) {
            this.screen = screen;
        }

        @Override
        public Lease open(String guestId, ScreenViewer viewer) throws Refusal {
            if (!guestId.equals("g-1")) {
                throw new Refusal(Ending.of(ErrorKind.NOT_FOUND), "no guest " + guestId);
            }
            screen.viewers.add(viewer);
            leases++;
            return new Lease() {
                boolean closed;

                @Override
                public ScreenSource source() {
                    return screen;
                }

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        leases--;
                        screen.viewers.remove(viewer);
                    }
                }
            };
        }
    }

    @Test
    void endingsSpeakTheErrorVocabulary() {
        assertThat(Ending.of(ErrorKind.UPSTREAM_FAILED)).isEqualTo(new Ending(4502, "UPSTREAM_FAILED"));
        assertThat(Ending.SESSION_ENDED).isEqualTo(new Ending(1000, "SESSION_ENDED"));
        assertThatThrownBy(() -> sources.open("other", null)).isInstanceOf(Refusal.class);
    }
}
