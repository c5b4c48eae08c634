package dev.ventana.host.guest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The image versions deploy/images built: {@code <images>/<image>/<version>/manifest.json}
 * and {@code <images>/<image>/current}. A version's id is the start of its manifest's sha256,
 * and the manifest names every file's sha256; a version is checked in full the first time it is
 * used, so a damaged or tampered base never boots. {@link #list} keeps what it read until a
 * directory or manifest changes (StampedCache): the heartbeat lists the catalogue every few seconds.
 */
public final class ImageCatalog {
    private static final Set<String> REQUIRED = Set.of("base.qcow2", "vmlinuz", "initrd.gz");
    private static final Pattern VERSION_ID = Pattern.compile("[0-9a-f]{16}");

    private final Path root;
    private final ObjectMapper json;
    private final Map<String, Boolean> verified = new ConcurrentHashMap<>();
    /** The directories' entries and the versions read, for {@link #list}. */
    private final StampedCache<List<Path>> listings;
    private final StampedCache<Optional<ImageVersion>> versions;

    public ImageCatalog(Path root, ObjectMapper json) {
        this(root, json, Clock.systemUTC());
    }

    ImageCatalog(Path root, ObjectMapper json, Clock clock) {
        this.root = root;
        this.json = json;
        this.listings = new StampedCache<>(clock);
        this.versions = new StampedCache<>(clock);
    }

    /** Resolves an image and version (null: the current one), or throws UNKNOWN_IMAGE. */
    public ImageVersion resolve(String image, String version) {
        Path imageDir = root.resolve(image);
        if (!Files.isDirectory(imageDir)) {
            throw new GuestException(GuestException.Reason.UNKNOWN_IMAGE, "no image '" + image + "' in " + root);
        }
        String id = version;
        if (id == null) {
            try {
                id = Files.readSymbolicLink(imageDir.resolve("current")).getFileName().toString();
            } catch (IOException e) {
                throw new GuestException(GuestException.Reason.UNKNOWN_IMAGE, "image '" + image + "' has no current version");
            }
        }
        Path dir = imageDir.resolve(id);
        if (!isVersionId(id) || !Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new GuestException(GuestException.Reason.UNKNOWN_IMAGE, "image '" + image + "' has no version " + id);
        }
        ImageVersion v = read(image, id, dir);
        verify(v);
        return v;
    }

    /** Every version present, for listing; versions with a broken manifest are left out. */
    public List<ImageVersion> list() {
        List<ImageVersion> all = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return all;
        }
        Set<Path> live = new HashSet<>();
        live.add(root);
        for (Path imageDir : listings.get(root, List.of(root), () -> entries(root, Files::isDirectory))) {
            live.add(imageDir);
            List<Path> dirs = listings.get(imageDir, List.of(imageDir),
                    () -> entries(imageDir, p -> isVersionId(p.getFileName().toString())));
            for (Path dir : dirs) {
                live.add(dir);
                // The version directory's time covers its files coming and going; the manifest's, its content.
                versions.get(dir, List.of(dir, dir.resolve("manifest.json")), () -> usable(imageDir, dir)).ifPresent(all::add);
            }
        }
        listings.retain(live);
        versions.retain(live);
        return all;
    }

    private static List<Path> entries(Path dir, Predicate<Path> wanted) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(wanted).sorted().toList();
        } catch (IOException e) {
            throw new GuestException(GuestException.Reason.FAILED, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private Optional<ImageVersion> usable(Path imageDir, Path dir) {
        try {
            return Optional.of(read(imageDir.getFileName().toString(), dir.getFileName().toString(), dir));
        } catch (GuestException e) {
            return Optional.empty(); // a half-written or damaged version is not offered
        }
    }

    private static boolean isVersionId(String id) {
        return VERSION_ID.matcher(id).matches();
    }

    private ImageVersion read(String image, String id, Path dir) {
        Path manifestFile = dir.resolve("manifest.json");
        try {
            byte[] manifest = Files.readAllBytes(manifestFile);
            String digest = sha256Hex(manifest);
            if (!digest.startsWith(id)) {
                throw broken(dir, "its manifest's sha256 " + digest + " does not match the version id");
            }
            JsonNode m = json.readTree(manifest);
            JsonNode files = m.path("files");
            for (String f : REQUIRED) {
                if (!files.has(f) || !Files.isRegularFile(dir.resolve(f))) {
                    throw broken(dir, "it lacks " + f);
                }
            }
            return new ImageVersion(image, id, dir, dir.resolve("base.qcow2"), dir.resolve("vmlinuz"),
                    dir.resolve("initrd.gz"), m.path("cmdline").asString(""),
                    m.path("screen").path("width").asInt(0), m.path("screen").path("height").asInt(0), digest,
                    applications(dir, m.path("applications")), origin(m), sizeOf(files),
                    m.path("instantOn").asBoolean(false), ImageDisplay.fromManifest(m.path("display").asString(null)));
        } catch (IOException | RuntimeException e) {
            if (e instanceof GuestException g) {
                throw g;
            }
            throw broken(dir, e.getMessage());
        }
    }

    /**
     * What the manifest says of the version's origin. These keys only describe the version (the
     * parent's id is checked where it matters, before a boot), so an odd value reads as absent
     * rather than making the version unusable.
     */
    static ImageVersion.Origin origin(JsonNode m) {
        String createdAt = text(m, "createdAt");
        Instant at = null;
        if (createdAt != null) {
            try {
                at = Instant.parse(createdAt);
            } catch (DateTimeParseException ignored) {
                // Not an ISO instant: reported as unknown; the server would refuse the heartbeat otherwise.
            }
        }
        return new ImageVersion.Origin(text(m, "parent"), text(m, "title"), text(m, "note"), text(m, "source"),
                text(m, "createdBy"), at);
    }

    static String text(JsonNode m, String key) {
        return m.path(key).isString() ? m.path(key).asString() : null;
    }

    /** The bytes of the files the manifest lists: for a layer its own, not its parent's. */
    static long sizeOf(JsonNode files) {
        long size = 0;
        for (JsonNode f : files) {
            size += Math.max(0, f.path("size").asLong(0));
        }
        return size;
    }

    /**
     * The manifest's "applications": absent for an image that publishes none. An entry without a
     * valid id or a name makes the version unusable (the build script never writes one); an icon
     * this host does not know is shown as the generic one, as images may be newer than hosts.
     */
    static List<Application> applications(Path dir, JsonNode list) {
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw broken(dir, "its manifest's applications is not a list");
        }
        List<Application> apps = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode a = list.get(i);
            String appId = a.path("id").isString() ? a.path("id").asString() : "";
            String name = a.path("name").isString() ? a.path("name").asString().strip() : "";
            if (!appId.matches(Application.ID_PATTERN) || name.isEmpty() || !ids.add(appId)) {
                throw broken(dir, "its manifest's application #" + (i + 1) + " (" + a + ") needs a unique id ("
                        + Application.ID_PATTERN + ") and a name");
            }
            String icon = a.path("icon").asString("");
            apps.add(new Application(appId, name, Application.ICONS.contains(icon) ? icon : Application.GENERIC_ICON));
        }
        return apps;
    }

    /**
     * A file of a verified version, by a name its manifest lists (manifest.json included), for
     * other hosts to fetch; empty for any other name. Throws UNKNOWN_IMAGE for a version this host
     * lacks or cannot use.
     */
    public Optional<Path> file(String image, String id, String name) {
        ImageVersion v = resolve(image, id);
        if (name.equals("manifest.json")) {
            return Optional.of(v.dir().resolve(name));
        }
        try {
            JsonNode files = json.readTree(Files.readAllBytes(v.dir().resolve("manifest.json"))).path("files");
            return files.has(name) && !name.contains("/") && !name.startsWith(".")
                    ? Optional.of(v.dir().resolve(name)) : Optional.empty();
        } catch (IOException e) {
            throw broken(v.dir(), e.getMessage());
        }
    }

    /**
     * Removes a version's directory: renamed out of sight first, so that nobody (the heartbeat, a
     * fetching host) sees it half deleted. CONFLICT while it is the image's current version, a
     * guest uses it ({@code inUse}: version ids of this host's live guests of the image) or
     * another present version is layered on it.
     */
    public void remove(String image, String id, Set<String> inUse) {
        Path imageDir = root.resolve(image);
        Path dir = imageDir.resolve(id);
        if (!isVersionId(id) || !Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new GuestException(GuestException.Reason.UNKNOWN_IMAGE, "image '" + image + "' has no version " + id);
        }
        try {
            if (Files.isSymbolicLink(imageDir.resolve("current"))
                    && Files.readSymbolicLink(imageDir.resolve("current")).getFileName().toString().equals(id)) {
                throw conflict(image, id, "it is the image's current version");
            }
            if (inUse.contains(id)) {
                throw conflict(image, id, "a guest on this host runs it");
            }
            for (ImageVersion other : list()) {
                if (other.image().equals(image) && id.equals(parentOf(other.dir()))) {
                    throw conflict(image, id, "version " + other.id() + " is layered on it");
                }
            }
            Path doomed = imageDir.resolve(".deleting-" + id + "-" + ProcessHandle.current().pid());
            Files.move(dir, doomed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            verified.remove(dir.toString());
            try (Stream<Path> walk = Files.walk(doomed)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new GuestException(GuestException.Reason.FAILED, "cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    private static GuestException conflict(String image, String id, String why) {
        return new GuestException(GuestException.Reason.CONFLICT, "image " + image + " version " + id + " is kept: " + why);
    }

    /** The id the version's manifest names as its parent, or null for a full version. */
    private String parentOf(Path dir) throws IOException {
        JsonNode parent = json.readTree(Files.readAllBytes(dir.resolve("manifest.json"))).path("parent");
        return parent.isString() ? parent.asString() : null;
    }

    private void verify(ImageVersion v) {
        if (verified.containsKey(v.dir().toString())) {
            return;
        }
        try {
            String parent = parentOf(v.dir());
            if (parent != null) {
                // A layer boots only on top of its parent: a damaged parent is a damaged version.
                if (!isVersionId(parent) || parent.equals(v.id())) {
                    throw broken(v.dir(), "its manifest's parent '" + parent + "' is no version id");
                }
                try {
                    resolve(v.image(), parent);
                } catch (GuestException e) {
                    throw broken(v.dir(), "its parent version " + parent + " is unusable: " + e.getMessage());
                }
            }
            JsonNode files = json.readTree(Files.readAllBytes(v.dir().resolve("manifest.json"))).path("files");
            mismatch(v.dir(), files).ifPresent(f -> {
                throw broken(v.dir(), f + " does not match its sha256 in the manifest");
            });
        } catch (IOException e) {
            throw broken(v.dir(), e.getMessage());
        }
        verified.put(v.dir().toString(), true);
    }

    /** The first file the manifest's "files" lists whose size or sha256 is not what it says. */
    static Optional<String> mismatch(Path dir, JsonNode files) throws IOException {
        for (Map.Entry<String, JsonNode> f : files.properties()) {
            Path p = dir.resolve(f.getKey());
            if (!Files.isRegularFile(p) || Files.size(p) != f.getValue().path("size").asLong(-1)
                    || !sha256Hex(p).equals(f.getValue().path("sha256").asString(""))) {
                return Optional.of(f.getKey());
            }
        }
        return Optional.empty();
    }

    /** The sha256 of a file's content in hex, as manifests name every file. */
    public static String sha256Hex(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The sha256 of bytes in hex: a manifest's, whose start is the version id. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GuestException broken(Path dir, String why) {
        return new GuestException(GuestException.Reason.UNKNOWN_IMAGE, "image version " + dir + " is unusable: " + why);
    }
}
