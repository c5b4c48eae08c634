package dev.ventana.server.desktop;

import dev.ventana.server.Browser;
import dev.ventana.server.SessionHostProcess;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;


import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;


import org.springframework.boot.test.context.SpringBootTest;




import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Mouse input on the office desktop, through every real part: Chromium on the viewer page, the
 * gateway, the packaged session host and an office guest under QEMU. The user types into the
 * xterm, then drags the window by its title bar to another place and, a few seconds later, back.
 * Both drags must move it: the second used to select text instead, because the guest's USB
 * tablet, suspended after two idle seconds, took the press late and QEMU had merged the
 * following moves into it (docs/architecture.md, "The pointer is a virtio tablet").
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.farm-token=" + SessionHostProcess.FARM_TOKEN, "ventana.default-pool.image=office"})
class OfficeDesktopInputIT extends WithSessionHost {
    private static final Duration BOOT = Duration.ofSeconds(180);
    /** Longer than the two seconds after which a Linux guest suspends an idle USB tablet. */
    private static final Duration STILL = Duration.ofSeconds(3);
    private static final int DX = 200;
    private static final int DY = 150;
    /** The window's frame and title bar around the xterm's text area, in pixels, generously. */
    private static final Frame WINDOW_FRAME = new Frame(8, 32);
    /** IceWM's taskbar at the bottom: its clock and CPU monitor change on their own. */
    private static final int TASKBAR_ROWS = 60;

    @Test
    void typeThenDragTheWindowThereAndBack() throws Exception {
        host.awaitJoined(jdbc);
        users.create(new NewUser("office-user", "Office User", "office user password", Set.of(Role.USER)), "test");
        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            driver.get("http://localhost:" + port + "/");
            ViewerPage viewer = new ViewerPage(driver);
            viewer.signIn("office-user", "office user password");
            viewer.openDesktop("Launch");

            XtermWindow start = awaitWindow(viewer, browser, "the xterm on the desktop", w -> true);
            ViewerPage.PagePoint inside = viewer.onPage((start.left() + start.right()) / 2, (start.top() + start.bottom()) / 2);
            new Actions(driver).moveToLocation(inside.x(), inside.y()).click().perform();
            // Measured on a fresh look: the guest's pointer, drawn into the screen, may have hidden
            // an edge of the text area before it moved into the terminal.
            CanvasText.Pixels clicked = viewer.canvas();
            int inkBefore = Objects.requireNonNull(XtermWindow.find(clicked)).ink(clicked);
            driver.findElement(By.tagName("canvas")).sendKeys("echo ventana-drag" + Keys.ENTER);
            // The command and its output: two more lines of text in the terminal.
            awaitWindow(viewer, browser, "the typed command and its output in the xterm",
                    w -> w.isAt(start.left(), start.top()) && w.ink(viewer.canvas()) > inkBefore + 200);
            Thread.sleep(STILL.toMillis());

            // The pointer goes to the title bar, rests there, and only then is pressed.
            ViewerPage.PagePoint title = viewer.onPage(start.left() + 150, start.top() - 12);
            new Actions(driver).moveToLocation(title.x(), title.y()).perform();
            Thread.sleep(STILL.toMillis());
            CanvasText.Pixels before = viewer.canvas();
            drag(viewer, driver, start.left() + 150, start.top() - 12, DX, DY);
            XtermWindow moved = awaitWindow(viewer, browser, "the xterm moved by (" + DX + "," + DY + ")",
                    w -> w.isAt(start.left() + DX, start.top() + DY));
            browser.screenshot("office-dragged");

            // A few seconds later, back from where the pointer was left.
            Thread.sleep(STILL.toMillis());
            drag(viewer, driver, moved.left() + 150, moved.top() - 12, -DX, -DY);
            XtermWindow back = awaitWindow(viewer, browser, "the xterm back at its first place", w -> w.isAt(start.left(), start.top()));
            browser.screenshot("office-dragged-back");
            // The desktop the window went over is as it was before, the taskbar's clock and CPU
            // monitor apart (and the window itself, which may land a pixel off its first place).
            // That wallpaper came back from the viewer's save-under (RESTORE): nothing may be wrong.
            Thread.sleep(1000); // past the lossless repaint of anything sent as JPEG while it moved
            CanvasText.Pixels after = viewer.canvas();
            int wrong = 0;
            int left = Integer.MAX_VALUE, top = Integer.MAX_VALUE, right = -1, bottom = -1;
            for (int i = 0; i < (before.height() - TASKBAR_ROWS) * before.width(); i++) {
                if (before.rgb()[i] != after.rgb()[i] && !WINDOW_FRAME.around(start, back, i % before.width(), i / before.width())) {
                    wrong++;
                    int x = i % before.width(), y = i / before.width();
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
            assertEquals(0, wrong, "pixels that differ from the picture before the drags, within x " + left + "-" + right
                    + ", y " + top + "-" + bottom);
        }
    }

    /**
     * Press at a screen point, then move there in 15 steps of 16 ms (a hand at 60 Hz), release. One
     * action chain, so the moves follow the press as closely as a person's do: with the suspended
     * USB tablet, moves that came while the guest had not yet read the press took its place.
     */
    private static void drag(ViewerPage viewer, WebDriver driver, int x, int y, int dx, int dy) {
        ViewerPage.PagePoint from = viewer.onPage(x, y);
        Actions chain = new Actions(driver).moveToLocation(from.x(), from.y()).clickAndHold().pause(Duration.ofMillis(50));
        for (int step = 1; step <= 15; step++) {
            ViewerPage.PagePoint p = viewer.onPage(x + dx * step / 15, y + dy * step / 15);
            chain = chain.moveToLocation(p.x(), p.y()).pause(Duration.ofMillis(16));
        }
        chain.pause(Duration.ofMillis(200)).release().perform();
    }

    private static XtermWindow awaitWindow(ViewerPage viewer, Browser browser, String what,
                                           java.util.function.Predicate<XtermWindow> done) {
        AtomicReference<XtermWindow> last = new AtomicReference<>();
        try {
            new WebDriverWait(browser.driver(), BOOT, Duration.ofMillis(500)).until(d -> {
                CanvasText.Pixels p = viewer.canvas();
                XtermWindow w = p == null ? null : XtermWindow.find(p);
                // Twice in a row: the desktop is drawn, not halfway through a repaint.
                boolean settled = w != null && w.equals(last.get()) && done.test(w);
                last.set(w);
                return settled;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            browser.screenshot("office-timeout");
            throw new AssertionError("timed out waiting for " + what + "; last seen: " + last.get(), e);
        }
        return Objects.requireNonNull(last.get());
    }

    /** How far IceWM's frame reaches beyond the text area: at the sides and bottom, and above. */
    private record Frame(int border, int title) {
        boolean around(XtermWindow a, XtermWindow b, int x, int y) {
            return x >= Math.min(a.left(), b.left()) - border && x <= Math.max(a.right(), b.right()) + border
                    && y >= Math.min(a.top(), b.top()) - title && y <= Math.max(a.bottom(), b.bottom()) + border;
        }
    }

    /**
     * The xterm's white text area, found from its bottom rows (empty on a fresh terminal): the
     * lowest row with a long white run gives the bottom and the left edge, the right edge's column
     * read upwards gives the top.
     */
    record XtermWindow(int left, int top, int right, int bottom) {
        private static final int WHITE = 0xffffff;
        private static final int MIN_WIDTH = 400;
        private static final int MIN_HEIGHT = 200;

        static XtermWindow find(CanvasText.Pixels p) {
            for (int y = p.height() - 1; y >= 0; y--) {
                int run = 0;
                for (int x = 0; x < p.width(); x++) {
                    run = white(p, x, y) ? run + 1 : 0;
                    if (run == MIN_WIDTH) {
                        int left = x - run + 1;
                        int right = x;
                        while (right + 1 < p.width() && white(p, right + 1, y)) {
                            right++;
                        }
                        int top = y;
                        while (top > 0 && white(p, right - 2, top - 1)) {
                            top--;
                        }
                        // A one-pixel highlight (the taskbar's top edge) is long but not tall.
                        if (y - top >= MIN_HEIGHT) {
                            return new XtermWindow(left, top, right, y);
                        }
                    }
                }
            }
            return null;
        }

        private static boolean white(CanvasText.Pixels p, int x, int y) {
            return p.rgb()[y * p.width() + x] == WHITE;
        }

        /** How many pixels of the text area are not white: grows with the text on it. */
        int ink(CanvasText.Pixels p) {
            int count = 0;
            for (int y = top; y <= bottom; y++) {
                for (int x = left; x <= right; x++) {
                    count += white(p, x, y) ? 0 : 1;
                }
            }
            return count;
        }

        boolean isAt(int x, int y) {
            return Math.abs(left - x) <= 2 && Math.abs(top - y) <= 2;
        }

        /** A click in its middle: IceWM focuses a window on a click, and keys then go to it. */
        void focus(ViewerPage viewer, WebDriver driver) {
            ViewerPage.PagePoint inside = viewer.onPage((left + right) / 2, (top + bottom) / 2);
            new Actions(driver).moveToLocation(inside.x(), inside.y()).click().perform();
        }
    }
}
