package dev.ventana.server.desktop;

import dev.ventana.server.Browser;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** Waits on what a viewer paints, read back from its canvas: the tiny guest's text, or any picture. */
final class CanvasWait {
    private final ViewerPage viewer;
    private final Browser browser;
    private final String name;

    /** {@code name} prefixes the screenshot taken when a wait times out. */
    CanvasWait(ViewerPage viewer, Browser browser, String name) {
        this.viewer = viewer;
        this.browser = browser;
        this.name = name;
    }

    /** All the text on the canvas now; "" before the first frame. */
    String text() {
        CanvasText reader = new CanvasText();
        CanvasText.Pixels p = viewer.canvas();
        return p != null && reader.learn(p) ? reader.all(p) : "";
    }

    /** Waits until the guest's screen, as this viewer paints it, shows the text. */
    void awaitText(String text, Duration within) {
        CanvasText reader = new CanvasText();
        StringBuilder last = new StringBuilder();
        try {
            await("'" + text + "' on the canvas").atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> {
                CanvasText.Pixels p = viewer.canvas();
                if (p == null || !reader.learn(p)) {
                    return false;
                }
                last.setLength(0);
                last.append(reader.all(p));
                return last.toString().contains(text);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            browser.screenshot(name + "-timeout");
            throw new AssertionError("'" + text + "' not on the canvas; it shows:\n" + last, e);
        }
    }

    /**
     * Waits until the canvas's pixels pass {@code done} and returns them; on a timeout the error
     * says {@code what} and {@code describe} of the last picture seen (null before a frame).
     */
    CanvasText.Pixels awaitPixels(String what, Duration within, Predicate<CanvasText.Pixels> done,
                                  Function<CanvasText.Pixels, String> describe) {
        AtomicReference<CanvasText.Pixels> last = new AtomicReference<>();
        try {
            await(what).atMost(within).pollInterval(Duration.ofMillis(500)).until(() -> {
                CanvasText.Pixels p = viewer.canvas();
                last.set(p);
                return p != null && done.test(p);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            browser.screenshot(name + "-timeout");
            throw new AssertionError("timed out waiting for " + what + "; " + describe.apply(last.get()), e);
        }
        return last.get();
    }

    /** Waits until the last lines of text on the guest's screen, as this viewer paints it, are these. */
    void awaitLastLines(List<String> lines, Duration within) {
        CanvasText reader = new CanvasText();
        StringBuilder last = new StringBuilder();
        try {
            await("the last lines " + lines).atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> {
                CanvasText.Pixels p = viewer.canvas();
                if (p == null || !reader.learn(p)) {
                    return false;
                }
                last.setLength(0);
                last.append(reader.all(p));
                int end = reader.lastNonBlankRow(p);
                if (end + 1 < lines.size()) {
                    return false;
                }
                for (int i = 0; i < lines.size(); i++) {
                    if (!reader.row(p, end + 1 - lines.size() + i).equals(lines.get(i))) {
                        return false;
                    }
                }
                return true;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            browser.screenshot(name + "-timeout");
            throw new AssertionError(lines + " not the last lines on the canvas; it shows:\n" + last, e);
        }
    }
}
