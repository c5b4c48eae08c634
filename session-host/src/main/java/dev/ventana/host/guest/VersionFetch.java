package dev.ventana.host.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Brings a missing image version onto this host by its hash (docs/session-host.md, "Fetching
 * versions"): its manifest from the first source that answers, checked against the id; then its
 * parent, when it is layered on one this host lacks; then every file, its sha256 and size checked
 * while it streams into {@code <images>/<image>/.incoming-<id>-<pid>/}, which is renamed into place
 * only when all of it is right. A source that fails or sends damaged bytes gives way to the next,
 * for up to {@link #ROUNDS} rounds over them all; then the fetch fails, and nothing of it is left.
 *
 * <p>Threads: {@link #fetch} blocks its caller (a guest's boot thread) for the whole transfer.
 * Callers that want the same version at once share one transfer: the first fetches, the others
 * wait for it. Another host process (or a deploy) that puts the version in place meanwhile wins:
 * its directory is kept and ours dropped.
 */
public final class VersionFetch {
    private static final Logger log = LoggerFactory.getLogger(VersionFetch.class);
    static final int ROUNDS = 3;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    /** The names a version's files may have: no path, nothing hidden. */
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);

    private final Path root;
    private final ObjectMapper json;
    private final String farmToken;
    private final HttpClient http;
    private final Duration pauseBetweenRounds;
    private final Map<String, CompletableFuture<Transfer>> inFlight = new ConcurrentHashMap<>();
    /** The sources' path segment ({@code images} or {@code packages}) and the word the log uses. */
    private final String kind;
    private final String noun;

    /** Fetches image versions. */
    public VersionFetch(Path root, ObjectMapper json, String farmToken, Duration pauseBetweenRounds) {
        this(root, json, farmToken, pauseBetweenRounds, "images");
    }

    /**
     * Fetches the artifacts of {@code kind}: {@code images}, or {@code packages} (application packages,
     * which are one layer: their manifests name no parent).
     */
    public VersionFetch(Path root, ObjectMapper json, String farmToken, Duration pauseBetweenRounds, String kind) {
        this.kind = kind;
        this.noun = kind.equals("images") ? "image" : "package";
        this.root = root;
        this.json = json;
        this.farmToken = farmToken;
        this.pauseBetweenRounds = pauseBetweenRounds;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Whether the version's directory is in place (complete: it only appears by a rename). */
    public boolean isPresent(String image, String id) {
        return Files.isRegularFile(root.resolve(image).resolve(id).resolve("manifest.json"));
    }

    /**
     * What bringing a version in cost this host: {@code receivedBytes} came from a source,
     * {@code linkedBytes} are files identical to the parent's, taken from the local copy (a hard
     * link, or a local copy where links do not work). Parents fetched along the way are included.
     */
    public record Transfer(long receivedBytes, long linkedBytes) {
        public static final Transfer NONE = new Transfer(0, 0);

        Transfer plus(Transfer other) {
            return new Transfer(receivedBytes + other.receivedBytes, linkedBytes + other.linkedBytes);
        }
    }

    /**
     * Returns once the version (and its parents) are present, fetching what is missing, with what
     * that took ({@link Transfer#NONE} when it was already here); throws FAILED with what went
     * wrong at each source when it cannot.
     */
    public Transfer fetch(String image, String id, List<URI> sources) throws InterruptedException {
        if (isPresent(image, id)) {
            return Transfer.NONE;
        }
        if (sources.isEmpty()) {
            throw failed(image, id, "this host does not have it and no source to fetch it from was given");
        }
        String key = image + "/" + id;
        CompletableFuture<Transfer> mine = new CompletableFuture<>();
        CompletableFuture<Transfer> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            log.info("{} {} version {}: waiting for the fetch already under way", noun, image, id);
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof GuestException g ? g : failed(image, id, e.getCause().getMessage());
            }
        }
        try {
            Transfer done = fetchOnce(image, id, sources);
            mine.complete(done);
            return done;
        } catch (GuestException | InterruptedException e) {
            mine.completeExceptionally(e instanceof GuestException ? e : failed(image, id, "the fetch was interrupted"));
            throw e;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private Transfer fetchOnce(String image, String id, List<URI> sources) throws InterruptedException {
        List<String> failures = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (URI base : sources) {
                if (isPresent(image, id)) {
                    return Transfer.NONE; // put in place meanwhile, by a deploy or another host process
                }
                VersionSource source = new VersionSource(base, farmToken, http, kind);
                try {
                    return fetchFrom(source, image, id, sources);
                } catch (IOException | SourceDamage e) {
                    String what = source + ": " + describe(e);
                    log.warn("{} {} version {}: fetch from {} failed (round {} of {})", noun, image, id, what, round, ROUNDS);
                    failures.add(what);
                }
            }
            if (round < ROUNDS) {
                Thread.sleep(pauseBetweenRounds.multipliedBy(round));
            }
        }
        throw failed(image, id, "every source failed " + ROUNDS + " times; last: "
                + String.join("; ", failures.subList(Math.max(0, failures.size() - sources.size()), failures.size())));
    }

    private Transfer fetchFrom(VersionSource source, String image, String id, List<URI> sources)
            throws IOException, InterruptedException {
        byte[] manifest = source.manifest(image, id);
        String digest = ImageCatalog.sha256Hex(manifest);
        if (!digest.startsWith(id)) {
            throw new SourceDamage("its manifest's sha256 " + digest + " does not start with the version id");
        }
        JsonNode m;
        try {
            m = json.readTree(manifest);
        } catch (RuntimeException e) {
            throw new SourceDamage("its manifest is not JSON");
        }
        String parent = m.path("parent").isString() ? m.path("parent").asString() : null;
        Map<String, String> parentFiles = Map.of();
        Transfer parentTransfer = Transfer.NONE;
        if (parent != null) {
            if (!ID.matcher(parent).matches() || parent.equals(id)) {
                throw new SourceDamage("its manifest names the parent '" + parent + "', which is no version id");
            }
            // Only the missing layers travel: a host that has the parent keeps its copy.
            parentTransfer = fetch(image, parent, sources);
            parentFiles = parentHashes(root.resolve(image).resolve(parent));
        }
        List<FileEntry> files = files(m);
        Path imageDir = root.resolve(image);
        Files.createDirectories(imageDir);
        Path incoming = imageDir.resolve(".incoming-" + id + "-" + ProcessHandle.current().pid());
        FileTrees.delete(incoming); // a fetch this process gave up on
        Files.createDirectory(incoming);
        try {
            Map<String, String> inParent = parentFiles;
            Progress progress = new Progress(noun + " " + image, id, source, files.stream()
                    .filter(f -> !f.sha256().equals(inParent.get(f.name()))).mapToLong(FileEntry::size).sum());
            long linked = 0;
            for (FileEntry f : files) {
                Path target = incoming.resolve(f.name());
                // A kernel or initrd the update left alone need not travel again.
                if (f.sha256().equals(parentFiles.get(f.name()))
                        && reuse(root.resolve(image).resolve(parent).resolve(f.name()), f, target)) {
                    linked += f.size();
                } else {
                    receive(source, image, id, f, target, progress);
                }
            }
            Files.write(incoming.resolve("manifest.json"), manifest);
            log.info("{} {} version {}: received {} bytes from {}{}, every file verified", noun, image, id, progress.done,
                    source, parent == null ? "" : " (layered on " + parent + ", whose identical files gave " + linked
                            + " bytes by link)");
            moveIntoPlace(incoming, imageDir.resolve(id));
            return parentTransfer.plus(new Transfer(progress.done, linked));
        } finally {
            FileTrees.delete(incoming);
        }
    }

    private void receive(VersionSource source, String image, String id, FileEntry f, Path target, Progress progress)
            throws IOException, InterruptedException {
        MessageDigest md = sha256();
        long received = 0;
        try (InputStream in = source.file(image, id, f.name()); OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                received += n;
                if (received > f.size()) {
                    throw new SourceDamage(f.name() + " is longer than the " + f.size() + " bytes its manifest says");
                }
                md.update(buf, 0, n);
                out.write(buf, 0, n);
                progress.add(n);
            }
        }
        if (received != f.size()) {
            throw new SourceDamage(f.name() + " ended after " + received + " of its " + f.size() + " bytes");
        }
        String sha = HexFormat.of().formatHex(md.digest());
        if (!sha.equals(f.sha256())) {
            throw new SourceDamage(f.name() + " has sha256 " + sha + ", not the " + f.sha256() + " of its manifest");
        }
    }

    /** name -> sha256 of the files a present version's manifest lists. */
    private Map<String, String> parentHashes(Path dir) throws IOException {
        Map<String, String> hashes = new java.util.HashMap<>();
        json.readTree(Files.readAllBytes(dir.resolve("manifest.json"))).path("files").properties()
                .forEach(e -> hashes.put(e.getKey(), e.getValue().path("sha256").asString("")));
        return hashes;
    }

    /**
     * Takes the parent's identical file (a hard link: versions are never modified), checked against
     * the manifest like a received one; false when it does not match, and it must be fetched.
     */
    private static boolean reuse(Path local, FileEntry f, Path target) throws IOException {
        if (!Files.isRegularFile(local) || Files.size(local) != f.size() || !f.sha256().equals(ImageCatalog.sha256Hex(local))) {
            return false;
        }
        try {
            Files.createLink(target, local);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(local, target);
        }
        return true;
    }

    /** Renames the complete directory into place; a version that got there first is kept. */
    private static void moveIntoPlace(Path incoming, Path target) throws IOException {
        try {
            Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            log.info("{} appeared while it was being fetched; keeping that one", target);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + incoming + " into place: " + e.getMessage(), e);
        }
    }

    private static List<FileEntry> files(JsonNode manifest) {
        JsonNode files = manifest.path("files");
        if (!files.isObject() || files.isEmpty()) {
            throw new SourceDamage("its manifest lists no files");
        }
        List<FileEntry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : files.properties()) {
            String name = e.getKey();
            long size = e.getValue().path("size").asLong(-1);
            String sha = e.getValue().path("sha256").asString("");
            if (!FILE.matcher(name).matches() || name.equals("manifest.json") || size < 0
                    || !sha.matches("[0-9a-f]{64}")) {
                throw new SourceDamage("its manifest's entry for '" + name + "' is not a file name with a size and a sha256");
            }
            entries.add(new FileEntry(name, size, sha));
        }
        return entries;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof java.net.ConnectException) {
            return "cannot connect";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private GuestException failed(String image, String id, String why) {
        return new GuestException(GuestException.Reason.FAILED, "cannot fetch " + noun + " " + image + " version " + id + ": " + why);
    }

    private record FileEntry(String name, long size, String sha256) {
    }

    /** A source sent something that is not the version: another source may do better. */
    private static final class SourceDamage extends RuntimeException {
        SourceDamage(String message) {
            super(message);
        }
    }

    /** The transfer's bytes so far, in the log every few seconds: fetching a desktop takes a while. */
    private static final class Progress {
        /** "image tiny", "package demo". */
        private final String what;
        private final String id;
        private final VersionSource source;
        private final long total;
        private long done;
        private long lastLog = System.nanoTime();

        Progress(String what, String id, VersionSource source, long total) {
            this.what = what;
            this.id = id;
            this.source = source;
            this.total = total;
            log.info("{} version {}: fetching {} bytes from {}", what, id, total, source);
        }

        void add(int n) {
            done += n;
            long now = System.nanoTime();
            if (now - lastLog >= PROGRESS_EVERY.toNanos()) {
                lastLog = now;
                log.info("{} version {}: {} of {} MiB from {}", what, id, done >> 20, total >> 20, source);
            }
        }
    }
}
