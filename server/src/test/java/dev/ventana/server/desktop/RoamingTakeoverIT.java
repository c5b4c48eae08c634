package dev.ventana.server.desktop;

import dev.ventana.server.SessionHostProcess;
import dev.ventana.server.Browser;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;


import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.context.SpringBootTest;





import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Roaming between two devices, each its own Chromium: a kiosk terminal shows the user's desktop,
 * the user opens it on a laptop and takes it over. The kiosk says so and offers Take back, but
 * does not reconnect by itself (two devices would take the desktop from each other in a loop);
 * Take back turns the tables.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.farm-token=" + SessionHostProcess.FARM_TOKEN, "ventana.default-pool.image=tiny",
                "ventana.default-pool.memory-mib=256", "ventana.admin-password=" + RoamingTakeoverIT.ADMIN_PASSWORD})
class RoamingTakeoverIT extends WithSessionHost {
    static final String ADMIN_PASSWORD = "roaming admin password";
    private static final String TAKEN_OVER = "This desktop was opened on another device.";
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration SOON = Duration.ofSeconds(20);

    @Test
    void aSecondDeviceTakesTheDesktopOverAndTheKioskTakesItBackOnlyWhenAsked() throws Exception {
        host.awaitJoined(jdbc);
        users.create(new NewUser("roamer", "Roamer", "roamer password", Set.of(Role.USER)), "test");
        String kioskPath = registerKiosk("roamer");
        try (Browser kioskBrowser = new Browser(); Browser laptopBrowser = new Browser()) {
            kioskBrowser.driver().get(base() + kioskPath);
            ViewerPage kiosk = new ViewerPage(kioskBrowser.driver());
            await("the kiosk start page hands over to the viewer").atMost(BOOT)
                    .until(() -> kioskBrowser.driver().getCurrentUrl().contains("kiosk=1"));
            String kioskUrl = kioskBrowser.driver().getCurrentUrl();
            kiosk.awaitState("connected", BOOT);
            new CanvasWait(kiosk, kioskBrowser, "roaming").awaitText("ventana#", BOOT);

            ViewerPage laptop = new ViewerPage(laptopBrowser.driver());
            laptop.signInToPortal(base(), "roamer", "roamer password");
            laptop.openDesktop("Resume");
            assertThat(ViewerPage.session(laptopBrowser.driver().getCurrentUrl())).as("the kiosk's session")
                    .isEqualTo(ViewerPage.session(kioskUrl));
            laptop.awaitState("connected", SOON);

            kiosk.awaitState("taken-over", SOON);
            assertThat(kiosk.message()).isEqualTo(TAKEN_OVER);
            assertThat(kiosk.overlayButton()).map(WebElement::getText).hasValue("Take back");
            kioskBrowser.screenshot("roaming-kiosk-taken-over");

            // Left alone, the kiosk stays taken over and the laptop keeps the desktop.
            Instant until = Instant.now().plusSeconds(10);
            while (Instant.now().isBefore(until)) {
                assertThat(kiosk.state()).as("the kiosk does not take the desktop back by itself").isEqualTo("taken-over");
                assertThat(laptop.state()).isEqualTo("connected");
                Thread.sleep(500);
            }
            assertThat(kioskBrowser.driver().getCurrentUrl()).as("nor does it go back to its start page").isEqualTo(kioskUrl);
            WebElement canvas = laptopBrowser.driver().findElement(By.tagName("canvas"));
            canvas.click();
            canvas.sendKeys("echo from the laptop" + Keys.ENTER);
            new CanvasWait(laptop, laptopBrowser, "roaming").awaitText("ventana# echo from the laptop", BOOT);

            kiosk.overlayButton().orElseThrow().click();
            kiosk.awaitState("connected", SOON);
            laptop.awaitState("taken-over", SOON);
            assertThat(laptop.message()).isEqualTo(TAKEN_OVER);
            assertThat(laptop.overlayButton()).map(WebElement::getText).hasValue("Take back");
            new CanvasWait(kiosk, kioskBrowser, "roaming").awaitText("ventana# echo from the laptop", BOOT); // the same desktop, as the laptop left it
            laptopBrowser.screenshot("roaming-laptop-taken-over");
            assertThat(host.log().split("a new viewer takes over", -1)).as("the host logs each take-over").hasSize(3);
        }
    }

    private String registerKiosk(String username) {
        UserApi admin = new UserApi(port, "admin", ADMIN_PASSWORD);
        HttpResponse<String> response = admin.post("/api/v1/admin/kiosks",
                "{\"name\":\"hall\",\"username\":\"" + username + "\",\"pool\":\"desktop\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return UserApi.field(response.body(), "startPath");
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
