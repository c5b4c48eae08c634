package dev.ventana.server.hosts;

import dev.ventana.server.Browser;
import dev.ventana.server.SessionHostProcess;
import dev.ventana.server.TcpProxy;
import dev.ventana.server.desktop.ViewerPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every part of the farm killed with {@code kill -9} in the middle of a session, and the
 * browser's network cut, with nothing lost: the packaged server (its embedded PostgreSQL apart),
 * a packaged session host, a tiny guest and Chromium, which reaches the server through a
 * {@link TcpProxy} the test cuts. The user saved and synced a file on their data disk first; after
 * each crash the viewer is back on the same session by itself, keys typed in it reach the guest,
 * and the file is there. At the end, once no guest uses it, {@code qemu-img check} finds the data
 * disk without errors. One booted guest serves the steps in order; the last two boot a second.
 */
class CrashIT {
    private static final String ADMIN_PASSWORD = "crash-it-admin-password";
    private static final String USER = "crash-user";
    private static final Duration BOOT = Duration.ofSeconds(180);
    /** The viewer's longest backoff (15 s) after the link comes back, and a slow machine. */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(60);
    /**
     * Longer than a session host's JVM takes to start again on a loaded build machine (up to 31 s
     * seen, where 15 s is the default): a host back within it keeps its sessions; one that is not
     * is FarmIT's case.
     */
    private static final Duration DOWN_AFTER = Duration.ofSeconds(60);
    private static final String NOTE = "echo kept-$((6*7)) > /data/note && sync && echo WROTE-$(cat /data/note)";

    private Path work;
    private ServerProcess server;
    private SessionHostProcess host;
    private TcpProxy proxy;
    private Browser browser;
    private FarmApi api;
    private final long started = System.nanoTime();

    @BeforeEach
    void startFarm() throws Exception {
        // Short names: QEMU's unix socket paths under the run directory must stay under 108 bytes.
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "crash-");
        server = new ServerProcess(work.resolve("server/data"), SessionHostProcess.FARM_TOKEN, ADMIN_PASSWORD,
                List.of("--ventana.default-pool.image=tiny", "--ventana.default-pool.memory-mib=128",
                        "--ventana.hosts.down-after=" + DOWN_AFTER.toSeconds() + "s"));
        host = SessionHostProcess.launch(new SessionHostProcess.Settings("crash-host", work.resolve("host"),
                work.resolve("data"), server.port(), List.of()));
        host.awaitReady();
        server.awaitHealthy(Duration.ofSeconds(120));
        api = new FarmApi(server.port(), ADMIN_PASSWORD);
        proxy = new TcpProxy(server.port());
        browser = new Browser();
        step("farm started");
    }

    @Test
    void nothingIsLostWhenAPartDiesOrTheNetworkIsCut() throws Exception {
        String token = api.newUser(USER);
        await("the default pool published", Duration.ofSeconds(60), () -> api.desktopAvailable(token));
        UUID session = api.launched(token);
        await("the session RUNNING", BOOT, () -> api.state(token, session).equals("RUNNING"));
        ViewerPage viewer = new ViewerPage(browser.driver());
        viewer.signInToPortal(base(), USER, USER + "-password");
        viewer.openViewer(base(), session.toString());
        viewer.awaitState("connected", BOOT);
        SerialConsole.run(guestDir(), NOTE, "WROTE-kept-42", BOOT);
        keysReachTheGuest("start");
        step("a session RUNNING, watched through the proxy, its file saved");

        // 1. A 5 s cut: the link comes back, and the viewer with it.
        proxy.cut();
        Thread.sleep(5_000);
        proxy.restore();
        viewer.awaitState("connected", BACK_WITHIN);
        stillThere(token, session, "cut5");
        step("1: a 5 s cut survived");

        // 2. A 60 s cut: the viewer notices the silent link, and reconnects once it is back.
        long cut = System.nanoTime();
        proxy.cut();
        viewer.awaitState("reconnecting", Duration.ofSeconds(20));
        step("2: the viewer noticed the cut after " + (System.nanoTime() - cut) / 1_000_000 + " ms");
        Thread.sleep(Math.max(0, Duration.ofSeconds(60).toMillis() - (System.nanoTime() - cut) / 1_000_000));
        proxy.restore();
        viewer.awaitState("connected", BACK_WITHIN);
        stillThere(token, session, "cut60");
        step("2: a 60 s cut survived");

        // 3. The server dies and is started again: the user is still signed in, the viewer reconnects.
        long guestPid = guestPid();
        server.kill();
        server.restart();
        server.awaitHealthy(Duration.ofSeconds(120));
        viewer.awaitState("connected", BACK_WITHIN);
        stillThere(token, session, "server");
        assertThat(guestPid()).isEqualTo(guestPid);
        step("3: the server killed and restarted");

        // 4. The embedded PostgreSQL dies: the server starts it again with every committed row.
        String committed = api.newUser("crash-committed");
        ProcessHandle postgres = server.postgres();
        postgres.destroyForcibly();
        postgres.onExit().get();
        await("the API answers again", BACK_WITHIN, () -> answers(() -> api.desktopAvailable(committed)));
        assertThat(server.postgres().pid()).isNotEqualTo(postgres.pid());
        assertThat(server.log()).contains("The embedded PostgreSQL runs again");
        assertThat(server.audit("user.created", "crash-committed")).as("the row committed before the kill").hasSize(1);
        stillThere(token, session, "postgres");
        step("4: PostgreSQL killed and started again by the server");

        // 5. The session host dies and is started again at once: it adopts its guest, the viewer reconnects.
        host.killHost();
        assertThat(ProcessHandle.of(guestPid)).as("the guest outlives its host").hasValueSatisfying(p ->
                assertThat(p.isAlive()).isTrue());
        host.restart();
        host.awaitReady();
        assertThat(host.log()).contains("re-adopted guest");
        assertThat(api.hostState("crash-host")).isEqualTo("UP");
        viewer.awaitState("connected", BACK_WITHIN);
        stillThere(token, session, "host");
        assertThat(guestPid()).isEqualTo(guestPid);
        step("5: the session host killed and restarted");

        // 6. The guest's QEMU dies: the session ends in plain words, nothing is left, and a new one starts at once.
        String guest = FarmApi.guestOf(host, USER);
        ProcessHandle.of(guestPid).orElseThrow().destroyForcibly();
        await("the session ended", Duration.ofSeconds(30), () -> !api.state(token, session).equals("RUNNING"));
        JsonNode ended = api.session(token, session);
        step("6: the killed guest's session is " + ended.get("state") + ": " + ended.get("failureReason"));
        assertThat(ended.get("state").asString()).isEqualTo("FAILED");
        assertThat(ended.get("failureReason").asString()).startsWith("The desktop's machine stopped unexpectedly");
        // Not retried: the viewer stops and says what happened and what to do.
        viewer.awaitState("failed", Duration.ofSeconds(60));
        assertThat(viewer.message()).contains("stopped unexpectedly", "Open the desktop again", "your files are kept");
        assertThat(host.guests()).as("no QEMU left").isEmpty();
        assertThat(host.runDir().resolve(guest)).as("no overlay or run directory left").doesNotExist();
        UUID again = api.launched(token);
        await("the new session RUNNING", BOOT, () -> api.state(token, again).equals("RUNNING"));
        SerialConsole.run(guestDir(), "echo FOUND-relaunch-$(cat /data/note)", "FOUND-relaunch-kept-42", BOOT);
        step("6: launched again, the file is there");

        // 7. Logged off, the data disk is used by no guest: qemu-img check finds no errors.
        api.logOff(token, again);
        await("logged off", BOOT, () -> api.state(token, again).equals("STOPPED") && host.guests().isEmpty());
        Process check = new ProcessBuilder("qemu-img", "check", work.resolve("data/" + USER + ".qcow2").toString())
                .redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes());
        // 0: no errors; 3: only leaked clusters, which cost space, not data.
        assertThat(check.waitFor()).as(report).isIn(0, 3);
        step("7: qemu-img check: " + report.strip().replace('\n', ' '));
    }

    /** The session runs on, keys typed in the viewer reach the guest, and the saved file is there. */
    private void stillThere(String token, UUID session, String marker) throws Exception {
        assertThat(api.state(token, session)).isEqualTo("RUNNING");
        keysReachTheGuest(marker);
        SerialConsole.run(guestDir(), "echo FOUND-" + marker + "-$(cat /data/note)", "FOUND-" + marker + "-kept-42",
                Duration.ofSeconds(60));
    }

    /** Types a command in the viewer that writes to the guest's serial console, until it shows there. */
    private void keysReachTheGuest(String marker) throws Exception {
        String shown = "KEYS-" + marker.toUpperCase();
        WebElement screen = browser.driver().findElement(By.id("screen"));
        for (int attempt = 0; attempt < 3; attempt++) {
            screen.sendKeys("echo KEYS-" + marker.toUpperCase() + " > /dev/ttyS0" + Keys.ENTER);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                if (SerialConsole.shows(guestDir(), shown)) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        browser.screenshot("crash-keys-" + marker);
        throw new AssertionError("keys typed in the viewer did not reach the guest (" + marker + ")" + logs());
    }

    private long guestPid() {
        return FarmApi.liveGuests(host).getFirst().get("pid").asLong();
    }

    private Path guestDir() {
        return host.runDir().resolve(FarmApi.guestOf(host, USER));
    }

    private String base() {
        return "http://127.0.0.1:" + proxy.port();
    }

    private static boolean answers(BooleanSupplier call) {
        try {
            return call.getAsBoolean();
        } catch (RuntimeException | AssertionError notYet) {
            return false;
        }
    }

    private void await(String what, Duration within, BooleanSupplier done) throws InterruptedException {
        FarmWait.until(what, within, done, this::logs);
    }

    private void step(String what) {
        System.out.printf("CrashIT %5.1f s  %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    private String logs() {
        String hostLog;
        try {
            hostLog = host.log();
        } catch (IOException e) {
            hostLog = e.toString();
        }
        return "\n--- server:\n" + FarmWait.tail(server.log()) + "\n--- host:\n" + FarmWait.tail(hostLog);
    }

    @AfterEach
    void stopFarm() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (host != null) {
            host.close();
        }
        if (server != null) {
            server.close();
        }
        step("farm stopped");
    }
}
