package dev.ventana.server.desktop;

import dev.ventana.server.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

/**
 * The admin console as an admin drives it in Chromium, through the ids the views give their
 * components. Clicks are the page's own (a script click): in development mode Vaadin's Copilot
 * button may cover a corner of the page.
 */
final class ConsolePage {
    private final Browser browser;
    private final WebDriver page;
    private final String base;
    private final WebDriverWait wait;

    ConsolePage(Browser browser, String base) {
        this.browser = browser;
        this.page = browser.driver();
        this.base = base;
        // Vaadin re-renders dialogs and grid rows, and a closing dialog may still be found: an
        // element found a moment ago may be gone or not yet usable, so every wait tries again.
        this.wait = new WebDriverWait(page, Duration.ofSeconds(30), Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class).ignoring(org.openqa.selenium.ElementNotInteractableException.class);
    }

    /** Opens an admin view by its side navigation entry, as a person would. */
    void open(String entry) {
        // The item's link is in its shadow root; a script click on the item itself would not follow it.
        wait.until(d -> {
            WebElement item = ExpectedConditions.elementToBeClickable(
                    By.xpath("//vaadin-side-nav-item[normalize-space(.)='" + entry + "']")).apply(d);
            if (item != null) {
                item.click();
            }
            return item != null;
        });
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h2"), entry));
    }

    void signIn(String user, String password) {
        page.get(base + "/admin/hosts");
        new ViewerPage(page).signIn(user, password);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h2"), "Hosts"));
    }

    void click(String id) {
        click(By.id(id));
    }

    /**
     * Clicks the button until the dialog it opens shows the field: a grid that re-renders its rows
     * (a filter applied, a refresh) may take a click on the old row's button, which then does nothing.
     */
    void openDialog(String buttonId, String fieldId) {
        // The previous dialog with this field (the same form, just saved) must be gone first, or
        // its field would pass for the new dialog's.
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id(fieldId)));
        wait.until(d -> {
            click(buttonId);
            try {
                new WebDriverWait(page, Duration.ofSeconds(5), Duration.ofMillis(100))
                        .until(ExpectedConditions.visibilityOfElementLocated(By.id(fieldId)));
                return true;
            } catch (org.openqa.selenium.TimeoutException e) {
                return false;
            }
        });
    }

    /** Clicks the element once it is shown and enabled, found anew at every try. */
    void click(By what) {
        wait.until(d -> {
            WebElement element = d.findElement(what);
            if (!element.isDisplayed() || element.getDomAttribute("disabled") != null) {
                return false;
            }
            ((JavascriptExecutor) page).executeScript("arguments[0].click()", element);
            return true;
        });
    }

    /**
     * Replaces a text field's (or text area's, or number field's) value and leaves the field,
     * which commits it. Tried again when the field found was a closing dialog's, gone meanwhile, or
     * not yet interactable (a dialog still opening, or the field scrolled out of its view).
     */
    void type(String id, String text) {
        wait.until(d -> {
            WebElement input = ExpectedConditions.elementToBeClickable(
                    By.cssSelector("#" + id + " input, #" + id + " textarea")).apply(d);
            if (input == null) {
                return false;
            }
            ((JavascriptExecutor) page).executeScript("arguments[0].scrollIntoView({block: 'center'})", input);
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
            input.sendKeys(text, Keys.TAB);
            return true;
        });
    }

    /** Chooses an item of a Select by its label. */
    void select(String id, String label) {
        click(id);
        click(By.xpath("//vaadin-select-item[normalize-space(.)='" + label + "']"));
        wait.until(d -> d.findElement(By.id(id)).getDomAttribute("opened") == null);
    }

    /** Types the item's label into a combo box (single or multiple selection) and takes the match. */
    void choose(String id, String label) {
        By input = By.cssSelector("#" + id + " input");
        wait.until(d -> {
            d.findElement(input).sendKeys(label);
            return true;
        });
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(
                "//*[self::vaadin-combo-box-item or self::vaadin-multi-select-combo-box-item]"
                        + "[normalize-space(.)='" + label + "']")));
        wait.until(d -> {
            d.findElement(input).sendKeys(Keys.ENTER);
            return true;
        });
    }

    /** Confirms the open confirmation dialog. */
    void confirm() {
        click("confirm");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm")));
    }

    /** Waits until the grid shows every one of the texts, in any of its cells. */
    void awaitInGrid(String id, List<String> texts) {
        try {
            wait.until(d -> {
                String shown = d.findElement(By.id(id)).getText();
                return texts.stream().allMatch(shown::contains);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            browser.screenshot("console-" + id);
            throw new AssertionError("the grid '" + id + "' does not show all of " + texts + "; it shows:\n"
                    + page.findElement(By.id(id)).getText() + "\nand says: " + errors(), e);
        }
    }

    String gridText(String id) {
        return page.findElement(By.id(id)).getText();
    }

    /** Waits for an error notification that says this. */
    void awaitError(String text) {
        try {
            wait.until(d -> errors().contains(text));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no error saying \"" + text + "\"; on screen: " + errors(), e);
        }
    }

    /** The notifications on screen, which say what went wrong. */
    String errors() {
        return page.findElements(By.cssSelector("vaadin-notification-card")).stream().map(WebElement::getText)
                .toList().toString();
    }

    WebDriverWait waiting() {
        return wait;
    }
}
