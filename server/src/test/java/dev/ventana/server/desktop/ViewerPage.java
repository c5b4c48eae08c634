package dev.ventana.server.desktop;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The portal and viewer pages as a user drives them in Chromium: sign in, open a desktop, read the canvas. */
public final class ViewerPage {
    private final WebDriver page;

    public ViewerPage(WebDriver page) {
        this.page = page;
    }

    void signIn(String user, String password) {
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("input[name='username']"))).sendKeys(user);
        page.findElement(By.cssSelector("input[name='password']")).sendKeys(password, Keys.ENTER);
    }

    /** Signs in on the portal and waits until it shows the user's desktops. */
    public void signInToPortal(String base, String user, String password) {
        page.get(base + "/");
        signIn(user, password);
        new WebDriverWait(page, Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//div[contains(@class,'ventana-desktop')]")));
    }

    /** The session id in a viewer page's address. */
    static String session(String viewerUrl) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]session=([0-9a-f-]{36})").matcher(viewerUrl);
        org.assertj.core.api.Assertions.assertThat(m.find()).as(viewerUrl).isTrue();
        return m.group(1);
    }

    /** The viewer of one session, as the portal opens it. */
    public void openViewer(String base, String session) {
        page.get(base + "/viewer/viewer.html?session=" + session);
    }

    /** The status line's state: connecting, connected, reconnecting, ended, taken-over or failed. */
    public String state() {
        return page.findElement(By.id("status")).getAttribute("data-state");
    }

    /** What the overlay says while the desktop is not on screen; "" when it is hidden. */
    public String message() {
        return page.findElement(By.id("message")).isDisplayed() ? page.findElement(By.id("message-text")).getText() : "";
    }

    /** The overlay's button (Retry or Take back), if it shows one. */
    Optional<WebElement> overlayButton() {
        WebElement button = page.findElement(By.id("retry"));
        return button.isDisplayed() ? Optional.of(button) : Optional.empty();
    }

    public void awaitState(String state, Duration within) {
        new WebDriverWait(page, within, Duration.ofMillis(200)).until(d -> state.equals(state()));
    }

    /** The notice banner as drawn: one entry per notice, in order. */
    List<Notice> notices() {
        @SuppressWarnings("unchecked")
        List<List<String>> rows = (List<List<String>>) ((JavascriptExecutor) page).executeScript("""
                const area = document.getElementById('notices');
                if (area.hidden) return [];
                return [...area.querySelectorAll('.notice')].map(n => [n.dataset.kind, n.dataset.level,
                    n.querySelector('.notice-text').textContent,
                    n.querySelector('.notice-countdown').hidden ? '' : n.querySelector('.notice-countdown').textContent]);""");
        return rows.stream().map(r -> new Notice(r.get(0), r.get(1), r.get(2), r.get(3))).toList();
    }

    /** One notice in the banner; {@code countdown} is m:ss, or "" without one. */
    record Notice(String kind, String level, String text, String countdown) {
        /** The countdown in seconds. */
        int secondsLeft() {
            String[] parts = countdown.split(":");
            return Integer.parseInt(parts[0]) * 60 + Integer.parseInt(parts[1]);
        }
    }

    /** Clicks "Launch" or "Resume" on the portal's desktop card and waits for the viewer page. */
    void openDesktop(String button) {
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[contains(@class,'ventana-desktop')]//vaadin-button[contains(., '" + button + "')]"))).click();
        wait.until(ExpectedConditions.urlContains("/viewer/"));
    }

    /** Clicks "Launch" or "Resume" on the portal card titled {@code title} and waits for the viewer page. */
    void openCard(String title, String button) {
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//div[contains(@class,'ventana-desktop')][.//h3[.='"
                + title + "']]//vaadin-button[contains(., '" + button + "')]"))).click();
        wait.until(ExpectedConditions.urlContains("/viewer/"));
    }

    /** The canvas's own pixels (not a screenshot: no scaling, no overlay), sent as base64 RGB; null before the first frame. */
    CanvasText.Pixels canvas() {
        Object result = ((JavascriptExecutor) page).executeScript("""
                const c = document.querySelector('canvas');
                if (!c || c.width === 0 || c.height === 0) return null;
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let s = '';
                for (let i = 0; i < d.length; i += 4) s += String.fromCharCode(d[i], d[i + 1], d[i + 2]);
                return c.width + ':' + c.height + ':' + btoa(s);""");
        if (result == null) {
            return null;
        }
        String[] parts = result.toString().split(":", 3);
        byte[] bytes = Base64.getDecoder().decode(parts[2]);
        int[] rgb = new int[bytes.length / 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (bytes[3 * i] & 0xff) << 16 | (bytes[3 * i + 1] & 0xff) << 8 | bytes[3 * i + 2] & 0xff;
        }
        return new CanvasText.Pixels(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), rgb);
    }

    /** Where a guest screen pixel is in the page (the canvas may be scaled to fit the window). */
    PagePoint onPage(int x, int y) {
        @SuppressWarnings("unchecked")
        List<Number> box = (List<Number>) ((JavascriptExecutor) page).executeScript("""
                const c = document.querySelector('canvas');
                const r = c.getBoundingClientRect();
                return [r.left, r.top, r.width / c.width, r.height / c.height];""");
        double scaleX = box.get(2).doubleValue();
        double scaleY = box.get(3).doubleValue();
        return new PagePoint((int) Math.round(box.get(0).doubleValue() + (x + 0.5) * scaleX),
                (int) Math.round(box.get(1).doubleValue() + (y + 0.5) * scaleY));
    }

    record PagePoint(int x, int y) {
    }

    /**
     * The size the desktop takes to fit the page with the pool's resize on: the viewer's stage,
     * its width rounded down to a multiple of 8 as the viewer asks (resize.ts).
     */
    public long[] fittedDesktop() {
        @SuppressWarnings("unchecked")
        List<Number> size = (List<Number>) ((JavascriptExecutor) page).executeScript(
                "const s = document.getElementById('stage'); return [s.clientWidth, s.clientHeight];");
        return new long[] {size.get(0).longValue() / 8 * 8, size.get(1).longValue()};
    }
}
