package dev.ventana.server;

import dev.ventana.server.desktop.ViewerPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The all-in-one farm of {@code deploy/local/run.sh} supervises its parts as systemd's
 * Restart=on-failure would: {@code kill -9} of the server, then of the session host, and each is
 * started again while run.sh, the other part and a user's guest run on. The user's viewer
 * (Chromium) reconnects across the server's restart without anyone clicking. SIGTERM then stops it all.
 */
class RunScriptRestartIT {
    private static final String ADMIN_PASSWORD = "run-script-admin-password";

    @TempDir
    Path temp;
    private Process runScript;

    @Test
    void runShRestartsAPartThatDiesAndTheDesktopRunsOn() throws Exception {
        int port = TestMachine.freePort();
        int hostPort = TestMachine.freePort();
        Path data = temp.resolve("data");
        Path root = Path.of(TestMachine.required("ventana.server.jar")).toAbsolutePath().getParent().getParent().getParent();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("deploy/local/run.sh").toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log().toFile());
        builder.environment().putAll(Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                "SERVER_PORT", Integer.toString(port),
                "VENTANA_HOST_PORT", Integer.toString(hostPort),
                "VENTANA_DATA_DIR", data.toString(),
                "VENTANA_IMAGES_DIR", TestMachine.required("ventana.images.dir"),
                "VENTANA_DEFAULT_IMAGE", "tiny",
                "VENTANA_ADMIN_PASSWORD", ADMIN_PASSWORD));
        runScript = builder.start();
        await("run.sh prints that Ventana is running", Duration.ofSeconds(300),
                () -> logText().contains("Ventana is running"));

        Http api = new Http(port);
        String userToken = launchUserAndToken(api);
        String session = launch(api, userToken);
        await("the desktop runs", Duration.ofSeconds(120), () -> "RUNNING".equals(sessionState(api, userToken, session)));
        ProcessHandle qemu = onlyDescendant("qemu-system");

        try (Browser browser = new Browser()) {
            ViewerPage viewer = new ViewerPage(browser.driver());
            String base = "http://localhost:" + port;
            viewer.signInToPortal(base, "rita", "rita-password-1");
            viewer.openViewer(base, session);
            viewer.awaitState("connected", Duration.ofSeconds(60));
            String viewerUrl = browser.driver().getCurrentUrl();
            String startedAt = field(api.get("/api/v1/sessions/" + session, "Authorization", "Bearer " + userToken).body(),
                    "startedAt");
            // Only a new connection repaints the whole screen (its first frame): the mark shows whether one came.
            assertThat(markCanvas(browser)).as("the canvas is marked").isGreaterThan(0.9);

            ProcessHandle server = onlyDescendant("ventana-server");
            server.destroyForcibly(); // kill -9
            await("the killed server is gone", Duration.ofSeconds(30), () -> !server.isAlive());
            await("the viewer notices", Duration.ofSeconds(15), () -> !"connected".equals(viewer.state()));
            await("run.sh restarts the server", Duration.ofSeconds(90), () -> healthy(api));
            assertThat(logText()).contains("the server stopped unexpectedly (exit 137); restarting it");
            assertThat(runScript.isAlive()).as("run.sh runs on").isTrue();
            assertThat(onlyDescendant("ventana-server").pid()).isNotEqualTo(server.pid());
            assertThat(qemu.isAlive()).as("the guest runs on across the server's restart").isTrue();
            assertThat(sessionState(api, userToken, session)).isEqualTo("RUNNING");

            // Nobody clicks: the viewer signs in again with its sign-in cookie and reconnects by itself.
            try {
                await("the viewer reconnects by itself", Duration.ofSeconds(60), () -> "connected".equals(viewer.state()));
            } catch (AssertionError e) {
                browser.screenshot("run-sh-viewer-not-reconnected");
                throw new AssertionError("the viewer is " + viewer.state() + ": " + viewer.message(), e);
            }
            await("a fresh picture of the desktop on the canvas", Duration.ofSeconds(30), () -> markCanvas(browser, false) == 0);
            assertThat(browser.driver().getCurrentUrl()).as("the same session, the same page").isEqualTo(viewerUrl);
            assertThat(sessionState(api, userToken, session)).isEqualTo("RUNNING");
            assertThat(field(api.get("/api/v1/sessions/" + session, "Authorization", "Bearer " + userToken).body(),
                    "startedAt")).as("the session's record is the one it had").isEqualTo(startedAt);
            assertThat(qemu.isAlive()).isTrue();
            browser.screenshot("run-sh-viewer-reconnected");
        }

        ProcessHandle host = onlyDescendant("ventana-session-host");
        host.destroyForcibly();
        await("run.sh restarts the session host", Duration.ofSeconds(90),
                () -> logText().contains("the session host local stopped unexpectedly (exit 137); restarting it")
                        && descendants("ventana-session-host").anyMatch(p -> p.pid() != host.pid()));
        await("the restarted host re-adopts the guest", Duration.ofSeconds(60),
                () -> agentGuests(hostPort, data).contains("\"pid\":" + qemu.pid()));
        assertThat(qemu.isAlive()).as("the guest runs on across the host's restart").isTrue();
        // Back within the server's 15 s: the host's heartbeats resume, nothing was declared lost.
        Thread.sleep(3_000);
        assertThat(sessionState(api, userToken, session)).isEqualTo("RUNNING");
        assertThat(runScript.isAlive()).isTrue();

        List<ProcessHandle> parts = runScript.descendants().toList();
        runScript.destroy(); // SIGTERM: log the desktops off and stop everything
        assertThat(runScript.waitFor(120, TimeUnit.SECONDS)).as(this::logText).isTrue();
        await("every part has stopped", Duration.ofSeconds(30), () -> parts.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(qemu.isAlive()).as("the guest was logged off").isFalse();
        assertThat(processesOf(data)).as("nothing of this data directory runs on (PostgreSQL, QEMU)").isEmpty();
        assertThat(logText()).contains("ventana:\u001b[0m stopped");
    }

    /** The share of the canvas in the mark colour; paints the whole canvas in it first if asked. */
    private static double markCanvas(Browser browser, boolean paint) {
        Number share = (Number) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("""
                const c = document.querySelector('canvas');
                const g = c.getContext('2d');
                if (arguments[0]) { g.fillStyle = '#ff00ff'; g.fillRect(0, 0, c.width, c.height); }
                const d = g.getImageData(0, 0, c.width, c.height).data;
                let marked = 0;
                for (let i = 0; i < d.length; i += 4) if (d[i] === 255 && d[i + 1] === 0 && d[i + 2] === 255) marked++;
                return marked / (d.length / 4);""", paint);
        return share.doubleValue();
    }

    private static double markCanvas(Browser browser) {
        return markCanvas(browser, true);
    }

    private String launchUserAndToken(Http api) {
        String admin = token(api, "admin", ADMIN_PASSWORD);
        HttpResponse<String> created = api.postJson("/api/v1/admin/users",
                "{\"username\":\"rita\",\"displayName\":\"Rita\",\"password\":\"rita-password-1\",\"roles\":[\"USER\"]}",
                "Authorization", "Bearer " + admin);
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        return token(api, "rita", "rita-password-1");
    }

    private static String launch(Http api, String token) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        HttpResponse<String> launched;
        do { // the default pool is published once the host's images are known
            launched = api.postJson("/api/v1/desktops/desktop/sessions", "{}", "Authorization", "Bearer " + token);
            if (launched.statusCode() / 100 == 2) {
                return field(launched.body(), "id");
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("could not launch: " + launched.statusCode() + " " + launched.body());
    }

    private static String token(Http api, String user, String password) {
        HttpResponse<String> response = api.postJson("/api/v1/auth/token",
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return field(response.body(), "token");
    }

    private static String sessionState(Http api, String token, String session) {
        HttpResponse<String> response = api.get("/api/v1/sessions/" + session, "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return field(response.body(), "state");
    }

    private static String agentGuests(int hostPort, Path data) {
        try {
            String farmToken = Files.readString(data.resolve("farm-token")).strip();
            HttpResponse<String> guests = new Http(hostPort).get("/api/v1/guests", "Authorization", "Bearer " + farmToken);
            return guests.statusCode() == 200 ? guests.body() : "";
        } catch (IOException | UncheckedIOException notAnsweringYet) {
            return "";
        }
    }

    private static boolean healthy(Http api) {
        try {
            return api.get("/actuator/health").statusCode() == 200;
        } catch (UncheckedIOException notListening) {
            return false;
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }

    /**
     * run.sh's processes whose command line has {@code commandPart}; not a template's boot, which
     * run.sh's host makes in the background for the default pool (instant-on) and which may still
     * run beside the desktop that was launched meanwhile.
     */
    private java.util.stream.Stream<ProcessHandle> descendants(String commandPart) {
        return runScript.descendants().filter(p -> p.info().commandLine().orElse("").contains(commandPart)
                && !p.info().commandLine().orElse("").contains("ventana.template=1"));
    }

    private ProcessHandle onlyDescendant(String commandPart) {
        List<ProcessHandle> found = descendants(commandPart).toList();
        assertThat(found).as("run.sh's processes running " + commandPart).hasSize(1);
        return found.getFirst();
    }

    private static List<ProcessHandle> processesOf(Path data) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(data.toString())).toList();
    }

    private void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + within.toSeconds() + " s. run.sh's output:\n" + logText());
            }
            Thread.sleep(500);
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (runScript != null && runScript.isAlive()) {
            runScript.destroy();
            if (!runScript.waitFor(120, TimeUnit.SECONDS)) {
                runScript.descendants().forEach(ProcessHandle::destroyForcibly);
                runScript.destroyForcibly();
            }
        }
        // Never leave a PostgreSQL or a QEMU behind on the machine, whatever failed above.
        processesOf(temp.resolve("data")).forEach(ProcessHandle::destroyForcibly);
    }

    private Path log() {
        return temp.resolve("run.log");
    }

    private String logText() {
        try {
            return Files.readString(log());
        } catch (IOException e) {
            return e.toString();
        }
    }

}
