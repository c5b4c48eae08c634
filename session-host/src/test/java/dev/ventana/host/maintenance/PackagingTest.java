package dev.ventana.host.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ventana.host.guest.DataDiskAccess;
import dev.ventana.host.guest.GuestException;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestNetwork;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.PackageCatalog;
import dev.ventana.host.guest.PackageVersion;
import dev.ventana.host.guest.PackagingChannel;
import dev.ventana.host.testing.FakeAgent;
import dev.ventana.host.testing.VersionDirectories;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Packaging without a guest: an engine whose guests run at once and an agent this test plays on
 * each guest's channel, which seals as the office guest does: a real squashfs, made by mksquashfs,
 * written onto the sparse output disk from offset 0. Everything the host does is real.
 */
class PackagingTest {
    private static final List<PackageApplication> HELLO = List.of(
            new PackageApplication("hello", "Hello", "terminal", "hello --greeting=hi"));

    @TempDir
    Path tmp;
    private final ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
    private Path packages;
    private FakePackagingEngine engine;
    private Packaging packaging;
    private String tiny;
    /** What the agent answers to a PACKAGE- verb; null: seal for real. */
    private final AtomicReference<Function<String, List<String>>> answers = new AtomicReference<>();
    private FakeAgent agent;

    @BeforeEach
    void setUp() throws IOException {
        Path images = tmp.resolve("images");
        tiny = VersionDirectories.linkCurrent("tiny", images);
        Files.createSymbolicLink(images.resolve("tiny/current"), Path.of(tiny));
        packages = tmp.resolve("packages");
        engine = new FakePackagingEngine(tmp.resolve("run"));
        packaging = new Packaging(packages, engine, new ImageCatalog(images, json),
                new PackagingChannel(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)), json);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aPackagingGuestRunsOnNatWithoutDataDiskWithEmptySparseDisksInItsWork() throws Exception {
        GuestInfo guest = packaging.start("hello", "tiny", tiny, "admin", 1024, 2);

        assertThat(engine.specs.get(guest.id()).network()).isEqualTo(GuestNetwork.NAT);
        assertThat(engine.specs.get(guest.id()).dataDisk()).isEqualTo(DataDiskAccess.NONE);
        assertThat(engine.specs.get(guest.id()).instantOn()).isFalse();
        assertThat(engine.specs.get(guest.id()).user()).isEqualTo("admin");
        Path scratch = engine.disks.get(guest.id()).scratch();
        Path output = engine.disks.get(guest.id()).output();
        Path work = scratch.getParent();
        assertThat(work.getParent()).isEqualTo(packages.resolve("hello").toAbsolutePath());
        assertThat(work.getFileName().toString()).matches("\\.packaging-[0-9a-f]{12}");
        assertThat(output.getParent()).isEqualTo(work);
        assertThat(Files.size(scratch)).isEqualTo(8L << 30);
        assertThat(Files.size(output)).isEqualTo(2L << 30);
        assertThat(allocatedBytes(scratch) + allocatedBytes(output)).isLessThan(1 << 20);
        JsonNode w = json.readTree(work.resolve("work.json").toFile());
        assertThat(w.path("guestId").asString()).isEqualTo(guest.id());
        assertThat(w.path("name").asString()).isEqualTo("hello");
        assertThat(w.path("version").asString()).isEqualTo(tiny);
        assertThat(w.path("startedAt").asString()).endsWith("Z"); // an ISO instant, as the API answers it
        assertThat(packaging.list()).singleElement().satisfies(p -> {
            assertThat(p.guestId()).isEqualTo(guest.id());
            assertThat(p.image()).isEqualTo("tiny");
            assertThat(p.admin()).isEqualTo("admin");
        });
        // The work is no package version.
        assertThat(new PackageCatalog(packages, json).list()).isEmpty();

        assertRefused(() -> packaging.start("hello", "tiny", null, "other", 1024, 1), GuestException.Reason.CONFLICT,
                "package hello already has packaging guest " + guest.id());
        assertRefused(() -> packaging.start("Hello", "tiny", null, "admin", 1024, 1), GuestException.Reason.INVALID,
                "name must be a package name");
        assertRefused(() -> packaging.start("../x", "tiny", null, "admin", 1024, 1), GuestException.Reason.INVALID,
                "name must be a package name");
        assertRefused(() -> packaging.start("calc", "nosuch", null, "admin", 1024, 1), GuestException.Reason.UNKNOWN_IMAGE,
                "nosuch");
        assertRefused(() -> packaging.start("calc", "tiny", "0123456789abcdef", "admin", 1024, 1),
                GuestException.Reason.UNKNOWN_IMAGE, "0123456789abcdef");
        assertRefused(() -> packaging.start("calc", "tiny", null, "../root", 1024, 1), GuestException.Reason.INVALID,
                "user must be");
        assertThat(Files.list(packages).map(p -> p.getFileName().toString()).toList()).containsExactly("hello");

        packaging.discard(guest.id());
        assertThat(engine.calls).containsExactly("stop " + guest.id(), "kill " + guest.id() + ": packaging discarded");
        assertThat(work).doesNotExist();
        assertThat(packaging.list()).isEmpty();
        assertRefused(() -> packaging.discard(guest.id()), GuestException.Reason.UNKNOWN_GUEST, "no packaging guest");
    }

    @Test
    void aScanAsksTheGuestsAgent() throws Exception {
        GuestInfo guest = start();
        answers.set(line -> List.of("PACKAGE-ENTRY hello.desktop|Hello|hello --greeting=hi|utilities-terminal",
                "PACKAGE-SCANNED 1"));
        assertThat(packaging.scan(guest.id()).entries()).containsExactly(
                new PackagingChannel.Entry("hello.desktop", "Hello", "hello --greeting=hi", "utilities-terminal"));
        assertThat(agent.heard).contains("PACKAGE-SCAN ");
        assertRefused(() -> packaging.scan("g-999999999999"), GuestException.Reason.UNKNOWN_GUEST, "no packaging guest");
    }

    @Test
    void aSealWritesAVersionTheCatalogueListsAndTheScriptWouldHaveWritten() throws Exception {
        GuestInfo guest = start();
        Path work = engine.disks.get(guest.id()).output().getParent();
        List<PackageApplication> apps = List.of(new PackageApplication("hello", " Hello ", "terminal", "hello --greeting=hi"),
                new PackageApplication("hello-docs", "Hello – Handbuch", "document", "xdg-open /usr/share/doc/hello"));

        Packaging.Sealed s = packaging.seal(guest.id(), " Hello 2.10 ", "apt-get install hello", "alice", apps);

        Path dir = packages.resolve("hello").resolve(s.version());
        assertThat(s.name()).isEqualTo("hello");
        assertThat(s.version()).matches("[0-9a-f]{16}");
        assertThat(s.sha256()).startsWith(s.version()).isEqualTo(VersionDirectories.sha256(dir.resolve("manifest.json")));
        assertThat(s.sealSeconds()).isGreaterThanOrEqualTo(0);
        // The guest got the applications file, ended STOPPED, and its work is gone.
        assertThat(sealedApplications()).isEqualTo("hello|Hello|terminal|hello --greeting=hi\n"
                + "hello-docs|Hello – Handbuch|document|xdg-open /usr/share/doc/hello\n");
        assertThat(engine.calls).containsExactly("stop " + guest.id(), "kill " + guest.id() + ": packaging sealed");
        assertThat(work).doesNotExist();
        assertThat(packaging.list()).isEmpty();
        // The squashfs as the guest wrote it, whole sectors: mksquashfs pads with zeros too.
        Path sqfs = dir.resolve("package.sqfs");
        assertThat(Files.size(sqfs)).isEqualTo(s.sizeBytes()).isEqualTo(Files.size(tmp.resolve("made.sqfs")));
        assertThat(Files.readAllBytes(sqfs)).isEqualTo(Files.readAllBytes(tmp.resolve("made.sqfs")));
        assertThat(run("unsquashfs", "-l", sqfs.toString())).contains("squashfs-root/usr/bin/hello",
                "squashfs-root/etc/ventana/package/applications");
        // The manifest, as make.sh's json.dump(indent=2, sort_keys=True) writes it, byte for byte.
        String manifest = Files.readString(dir.resolve("manifest.json"));
        Path script = tmp.resolve("redump.py");
        Files.writeString(script, "import json, sys\nm = json.load(open(sys.argv[1]))\n"
                + "sys.stdout.write(json.dumps(m, indent=2, sort_keys=True) + '\\n')\n");
        assertThat(run("python3", script.toString(), dir.resolve("manifest.json").toString())).isEqualTo(manifest);
        assertThat(manifest).contains("\"title\": \"Hello 2.10\"", "\"name\": \"Hello \\u2013 Handbuch\"");
        JsonNode m = json.readTree(manifest);
        assertThat(m.path("format").asInt()).isEqualTo(1);
        assertThat(m.path("kind").asString()).isEqualTo("package");
        assertThat(m.path("source").asString()).isEqualTo("packaging");
        assertThat(m.path("createdBy").asString()).isEqualTo("alice");
        assertThat(m.path("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(m.path("madeFor").path("image").asString()).isEqualTo("tiny");
        assertThat(m.path("madeFor").path("version").asString()).isEqualTo(tiny);
        assertThat(m.path("madeFor").path("os").asString()).isEqualTo("debian-12");
        assertThat(m.path("applications").get(1).path("command").asString()).isEqualTo("xdg-open /usr/share/doc/hello");
        assertThat(m.path("files").path("package.sqfs").path("size").asLong()).isEqualTo(s.sizeBytes());
        // The catalogue lists and verifies it: the heartbeat reports it.
        PackageCatalog catalog = new PackageCatalog(packages, json);
        assertThat(catalog.list()).singleElement().satisfies(v -> {
            assertThat(v.id()).isEqualTo(s.version());
            assertThat(v.origin().source()).isEqualTo("packaging");
            assertThat(v.madeFor()).isEqualTo(new PackageVersion.MadeFor("tiny", tiny, "debian-12"));
            assertThat(v.applications()).hasSize(2);
        });
        assertThat(catalog.resolve("hello", s.version()).sha256()).isEqualTo(s.sha256());
        assertThat(Files.list(packages.resolve("hello")).map(p -> p.getFileName().toString()).toList())
                .containsExactly(s.version());
    }

    @Test
    void aSealTheGuestFailsOrWritesNoSquashfsLeavesTheGuestRunningToSealAgain() throws Exception {
        GuestInfo guest = start();
        answers.set(line -> List.of("PACKAGE-FAILED no-changes"));
        assertRefused(() -> seal(guest), GuestException.Reason.FAILED, "could not seal the package: no-changes");
        answers.set(line -> {
            write(engine.disks.get(guest.id()).output(), "not a squashfs at all".getBytes(StandardCharsets.UTF_8));
            return List.of("PACKAGE-SEALED 4096 debian-12");
        });
        assertRefused(() -> seal(guest), GuestException.Reason.FAILED, "no squashfs");
        answers.set(line -> {
            long used = squashfs();
            return List.of("PACKAGE-SEALED " + (used - 1) + " debian-12");
        });
        assertRefused(() -> seal(guest), GuestException.Reason.FAILED, "the guest said");
        answers.set(line -> {
            squashfs();
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, (2L << 30) + 1);
            writeAt(engine.disks.get(guest.id()).output(), b, 40);
            return List.of("PACKAGE-SEALED " + ((2L << 30) + 4096) + " debian-12");
        });
        assertRefused(() -> seal(guest), GuestException.Reason.FAILED, "says it is 2147483649 bytes long");
        assertThat(engine.calls).isEmpty();
        assertThat(packaging.list()).hasSize(1);
        assertThat(Files.list(packages.resolve("hello")).map(p -> p.getFileName().toString()).toList())
                .singleElement().asString().startsWith(".packaging-");

        // Fixed: the next seal makes the version.
        answers.set(null);
        assertThat(seal(guest).version()).matches("[0-9a-f]{16}");
    }

    @Test
    void aSealIsRefusedForBadRequestsAndAGuestThatIsNotRunning() throws Exception {
        GuestInfo guest = start();
        String id = guest.id();
        assertRefused(() -> packaging.seal(id, "", null, "alice", HELLO), GuestException.Reason.INVALID, "title");
        assertRefused(() -> packaging.seal(id, "T", "x".repeat(1001), "alice", HELLO), GuestException.Reason.INVALID, "note");
        assertRefused(() -> packaging.seal(id, "T", null, "a b", HELLO), GuestException.Reason.INVALID, "createdBy");
        String[][] bad = {
            {"applications must list 1 to 16"},
            {"applications[0].id", "Hello", "Hello", "terminal", "hello"},
            {"applications[0].name", "hello", " ", "terminal", "hello"},
            {"applications[0].name", "hello", "a|b", "terminal", "hello"},
            {"applications[0].icon", "hello", "Hello", "gimp", "hello"},
            {"applications[0].command", "hello", "Hello", "terminal", ""},
            {"applications[0].command", "hello", "Hello", "terminal", "a | b"},
            {"applications[0].command", "hello", "Hello", "terminal", "a\nb"},
            {"applications[0].command", "hello", "Hello", "terminal", "x".repeat(201)},
        };
        for (String[] b : bad) {
            List<PackageApplication> apps = b.length == 1 ? List.of() : List.of(new PackageApplication(b[1], b[2], b[3], b[4]));
            assertRefused(() -> packaging.seal(id, "T", null, "alice", apps), GuestException.Reason.INVALID, b[0]);
        }
        assertRefused(() -> packaging.seal(id, "T", null, "alice", List.of(HELLO.get(0), HELLO.get(0))),
                GuestException.Reason.INVALID, "applications[1].id 'hello' is given twice");
        List<PackageApplication> seventeen = java.util.stream.IntStream.range(0, 17)
                .mapToObj(i -> new PackageApplication("a" + i, "A", "application", "a")).toList();
        assertRefused(() -> packaging.seal(id, "T", null, "alice", seventeen), GuestException.Reason.INVALID,
                "applications must list 1 to 16");
        List<PackageApplication> long16 = java.util.stream.IntStream.range(0, 16)
                .mapToObj(i -> new PackageApplication("a" + i, "A", "application", "x".repeat(190))).toList();
        assertRefused(() -> packaging.seal(id, "T", null, "alice", long16), GuestException.Reason.INVALID,
                "the guest channel's PACKAGE-SEAL line carries at most 750");
        assertRefused(() -> packaging.seal("g-999999999999", "T", null, "alice", HELLO), GuestException.Reason.UNKNOWN_GUEST,
                "no packaging guest");
        assertThat(agent.heard).noneMatch(l -> l.startsWith("PACKAGE-"));

        engine.set(id, GuestState.STARTING);
        assertRefused(() -> seal(guest), GuestException.Reason.CONFLICT, "is STARTING, not RUNNING");
        engine.set(id, GuestState.STOPPED);
        assertRefused(() -> seal(guest), GuestException.Reason.CONFLICT, "STOPPED, not RUNNING: discard it");
        assertRefused(() -> packaging.scan(id), GuestException.Reason.CONFLICT, "not RUNNING");
        assertThat(agent.heard).noneMatch(l -> l.startsWith("PACKAGE-"));
        packaging.discard(id);
        assertThat(engine.calls).isEmpty(); // it had ended: nothing to stop
        assertThat(packaging.list()).isEmpty();
    }

    private Packaging.Sealed seal(GuestInfo guest) {
        return packaging.seal(guest.id(), "Hello", null, "alice", HELLO);
    }

    /** A packaging guest with its agent: it seals for real unless {@link #answers} says otherwise. */
    private GuestInfo start() throws IOException {
        GuestInfo guest = packaging.start("hello", "tiny", tiny, "admin", 1024, 1);
        Files.createDirectories(guest.paths().runDir());
        agent = new FakeAgent(guest.paths().agentSocket(), line -> {
            if (!line.startsWith("PACKAGE-")) {
                return List.of("UNKNOWN " + line.split(" ")[0]);
            }
            Function<String, List<String>> a = answers.get();
            if (a != null) {
                return a.apply(line);
            }
            if (!line.startsWith("PACKAGE-SEAL ")) {
                return List.of("PACKAGE-FAILED invalid");
            }
            long used = squashfs();
            return List.of("PACKAGE-SEALED " + used + " debian-12");
        });
        return guest;
    }

    /** Makes the installation's squashfs as the guest's seal does and writes it onto the guest's output disk. */
    private long squashfs() {
        try {
            Path tree = tmp.resolve("tree");
            Sealer.deleteTree(tree);
            Files.createDirectories(tree.resolve("usr/bin"));
            Files.writeString(tree.resolve("usr/bin/hello"), "#!/bin/sh\necho hello\n");
            Files.createDirectories(tree.resolve("etc/ventana/package"));
            Files.writeString(tree.resolve("etc/ventana/package/applications"), sealedApplications());
            Path made = tmp.resolve("made.sqfs");
            Files.deleteIfExists(made);
            run("mksquashfs", tree.toString(), made.toString(), "-comp", "zstd", "-noappend", "-no-progress", "-quiet",
                    "-xattrs", "-all-root");
            write(engine.disks.values().iterator().next().output(), Files.readAllBytes(made));
            ByteBuffer sb = ByteBuffer.wrap(Files.readAllBytes(made), 0, 96).order(ByteOrder.LITTLE_ENDIAN);
            return sb.getLong(40);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What the last PACKAGE-SEAL sent, decoded. */
    private String sealedApplications() {
        String line = agent.heard.reversed().stream().filter(l -> l.startsWith("PACKAGE-SEAL ")).findFirst().orElseThrow();
        return new String(Base64.getDecoder().decode(line.substring("PACKAGE-SEAL ".length())), StandardCharsets.UTF_8);
    }

    private static void write(Path disk, byte[] bytes) {
        writeAt(disk, ByteBuffer.wrap(bytes), 0);
    }

    /** Into the disk at {@code at}, as a guest writes its block device: the file keeps its size. */
    private static void writeAt(Path disk, ByteBuffer bytes, long at) {
        try (FileChannel c = FileChannel.open(disk, StandardOpenOption.WRITE)) {
            c.write(bytes, at);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long allocatedBytes(Path file) throws IOException, InterruptedException {
        return Long.parseLong(run("stat", "-c", "%b*%B", file.toString()).strip().split("\\*")[0])
                * Long.parseLong(run("stat", "-c", "%B", file.toString()).strip());
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, GuestException.Reason reason,
            String message) {
        assertThatThrownBy(call).as(message).isInstanceOf(GuestException.class).hasMessageContaining(message)
                .extracting(e -> ((GuestException) e).reason()).isEqualTo(reason);
    }
}
