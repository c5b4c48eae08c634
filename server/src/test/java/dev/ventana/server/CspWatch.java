package dev.ventana.server;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Chromium refused under a page's Content-Security-Policy, seen two ways: the console
 * (Chromium writes every refusal there) and the pages' own securitypolicyviolation events, which a
 * script installed before every page (through the DevTools protocol, so no policy stops it) keeps
 * in sessionStorage across this origin's page loads.
 */
public final class CspWatch {
    private static final String RECORDER = """
            document.addEventListener('securitypolicyviolation', e => {
              const seen = JSON.parse(sessionStorage.getItem('csp-violations') || '[]');
              seen.push(e.effectiveDirective + ' refused ' + e.blockedURI + ' on ' + e.documentURI);
              sessionStorage.setItem('csp-violations', JSON.stringify(seen));
            });""";
    private final WebDriver driver;
    private final List<String> console = new ArrayList<>();

    public CspWatch(WebDriver driver) {
        this.driver = driver;
        ((HasCdp) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORDER));
    }

    /** The console's refusals so far (the console is read once, so they are kept here). */
    public List<String> consoleRefusals() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            console.add(entry.getLevel() + " " + entry.getMessage());
        }
        return console.stream().filter(m -> m.contains("Content Security Policy")).toList();
    }

    /** The violation events the current page's origin recorded so far. */
    public List<String> events() {
        Object seen = ((JavascriptExecutor) driver).executeScript(
                "return JSON.parse(sessionStorage.getItem('csp-violations') || '[]');");
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) seen;
        return list;
    }

    /** Everything the console said, for a failure message. */
    public List<String> console() {
        consoleRefusals();
        return List.copyOf(console);
    }
}
