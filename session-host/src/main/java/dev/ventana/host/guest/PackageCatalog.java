package dev.ventana.host.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The application package versions on this host (docs/session-host.md, "Application packages"):
 * {@code <packages>/<name>/<id>/manifest.json} and {@code package.sqfs}, named and checked as image
 * versions are ({@link ImageCatalog}): the id is the start of the manifest's sha256, the manifest
 * names the file's sha256, and a version is checked in full the first time a guest gets it.
 * {@link #list} keeps what it read until a directory or manifest changes (the heartbeat lists it).
 */
public final class PackageCatalog {
    static final String FILE = "package.sqfs";

    private final Path root;
    private final ObjectMapper json;
    private final Map<String, Boolean> verified = new ConcurrentHashMap<>();
    private final StampedCache<List<Path>> listings;
    private final StampedCache<Optional<PackageVersion>> versions;

    public PackageCatalog(Path root, ObjectMapper json) {
        this(root, json, Clock.systemUTC());
    }

    PackageCatalog(Path root, ObjectMapper json, Clock clock) {
        this.root = root;
        this.json = json;
        this.listings = new StampedCache<>(clock);
        this.versions = new StampedCache<>(clock);
    }

    /** Where the packages live: also where {@link VersionFetch} puts fetched ones. */
    public Path root() {
        return root;
    }

    /** A verified package version, or UNKNOWN_IMAGE (404) for one this host lacks or cannot use. */
    public PackageVersion resolve(String name, String id) {
        Path dir = dir(name, id);
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new GuestException(GuestException.Reason.UNKNOWN_IMAGE, "no package " + name + " version " + id
                    + " in " + root);
        }
        PackageVersion v = read(name, id, dir);
        if (!verified.containsKey(dir.toString())) {
            try {
                ImageCatalog.mismatch(dir, manifest(dir).path("files")).ifPresent(f -> {
                    throw broken(dir, f + " does not match its sha256 in the manifest");
                });
            } catch (IOException e) {
                throw broken(dir, e.getMessage());
            }
            verified.put(dir.toString(), true);
        }
        return v;
    }

    /** Whether the version's directory is in place (it appears whole, by a rename). */
    public boolean isPresent(String name, String id) {
        return Files.isRegularFile(dir(name, id).resolve("manifest.json"));
    }

    /** Every usable version present; damaged or half-written ones are left out. */
    public List<PackageVersion> list() {
        List<PackageVersion> all = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return all;
        }
        Set<Path> live = new HashSet<>();
        live.add(root);
        for (Path nameDir : listings.get(root, List.of(root),
                () -> entries(root, p -> GuestPackage.NAME.matcher(p.getFileName().toString()).matches()))) {
            live.add(nameDir);
            for (Path dir : listings.get(nameDir, List.of(nameDir),
                    () -> entries(nameDir, p -> p.getFileName().toString().matches("[0-9a-f]{16}")))) {
                live.add(dir);
                versions.get(dir, List.of(dir, dir.resolve("manifest.json")), () -> usable(dir)).ifPresent(all::add);
            }
        }
        listings.retain(live);
        versions.retain(live);
        return all;
    }

    /** A file of a verified version by a name its manifest lists, or manifest.json; empty for any other name. */
    public Optional<Path> file(String name, String id, String file) {
        PackageVersion v = resolve(name, id);
        if (file.equals("manifest.json") || file.equals(FILE)) {
            return Optional.of(v.dir().resolve(file));
        }
        return Optional.empty();
    }

    /** Removes a version nobody uses: CONFLICT while one of this host's live guests has it ({@code inUse}: ids). */
    public void remove(String name, String id, Set<String> inUse) {
        Path dir = dir(name, id);
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new GuestException(GuestException.Reason.UNKNOWN_IMAGE, "no package " + name + " version " + id);
        }
        if (inUse.contains(id)) {
            throw new GuestException(GuestException.Reason.CONFLICT, "package " + name + " version " + id
                    + " is kept: a guest on this host has it");
        }
        try {
            Path doomed = dir.resolveSibling(".deleting-" + id + "-" + ProcessHandle.current().pid());
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
            verified.remove(dir.toString());
            FileTrees.delete(doomed);
        } catch (IOException e) {
            throw new GuestException(GuestException.Reason.FAILED, "cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path dir(String name, String id) {
        if (!GuestPackage.NAME.matcher(name).matches() || !id.matches("[0-9a-f]{16}")) {
            throw new GuestException(GuestException.Reason.UNKNOWN_IMAGE, "no package version " + name + "/" + id);
        }
        return root.resolve(name).resolve(id);
    }

    private Optional<PackageVersion> usable(Path dir) {
        try {
            return Optional.of(read(dir.getParent().getFileName().toString(), dir.getFileName().toString(), dir));
        } catch (GuestException e) {
            return Optional.empty();
        }
    }

    private PackageVersion read(String name, String id, Path dir) {
        try {
            byte[] bytes = Files.readAllBytes(dir.resolve("manifest.json"));
            String digest = ImageCatalog.sha256Hex(bytes);
            if (!digest.startsWith(id)) {
                throw broken(dir, "its manifest's sha256 " + digest + " does not match the version id");
            }
            JsonNode m = json.readTree(bytes);
            if (!"package".equals(m.path("kind").asString("")) || !name.equals(m.path("name").asString(""))) {
                throw broken(dir, "its manifest is not that of package '" + name + "'");
            }
            JsonNode files = m.path("files");
            if (!files.has(FILE) || files.size() != 1 || !Files.isRegularFile(dir.resolve(FILE))) {
                throw broken(dir, "it must have exactly one file, " + FILE);
            }
            JsonNode made = m.path("madeFor");
            return new PackageVersion(name, id, dir, dir.resolve(FILE), digest, ImageCatalog.origin(m),
                    new PackageVersion.MadeFor(ImageCatalog.text(made, "image"), ImageCatalog.text(made, "version"),
                            ImageCatalog.text(made, "os")),
                    ImageCatalog.applications(dir, m.path("applications")), ImageCatalog.sizeOf(files));
        } catch (IOException | RuntimeException e) {
            if (e instanceof GuestException g) {
                throw g;
            }
            throw broken(dir, e.getMessage());
        }
    }

    private JsonNode manifest(Path dir) throws IOException {
        return json.readTree(Files.readAllBytes(dir.resolve("manifest.json")));
    }

    private static List<Path> entries(Path dir, java.util.function.Predicate<Path> wanted) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).filter(wanted).sorted().toList();
        } catch (IOException e) {
            throw new GuestException(GuestException.Reason.FAILED, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static GuestException broken(Path dir, String why) {
        return new GuestException(GuestException.Reason.UNKNOWN_IMAGE, "package version " + dir + " is unusable: " + why);
    }
}
