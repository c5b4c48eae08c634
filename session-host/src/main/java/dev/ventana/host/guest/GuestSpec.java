package dev.ventana.host.guest;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a start request asks for. The user names the persistent data disk, so it is limited to
 * characters that are safe in a file name.
 *
 * @param version an image version id, or null for the image's current version
 * @param application the id of one application the image version publishes, run alone on the
 *     screen; null for the whole desktop
 * @param network NONE or outbound NAT; null means NONE
 * @param dataDisk how the user's data disk is attached; null means WRITABLE
 * @param sources where to fetch the version when this host lacks it (see {@link VersionFetch});
 *     null or empty: the version must be here
 * @param instantOn restore the guest from the version's warm template when there is one (and the
 *     image's agent can start a session after a restore); otherwise, or when that fails, a cold boot
 * @param pageSharing with instantOn: the clone maps the template's memory and shares its pages with
 *     the other clones until it writes them (denser, but a timing side channel between sessions);
 *     false gives each clone a private copy
 * @param packages the application packages attached to the guest, in order (GuestPackage); a
 *     missing one is fetched from {@code sources} as a missing version is
 */
public record GuestSpec(String user, String image, String version, int memoryMiB, int vcpus, String application,
        GuestNetwork network, DataDiskAccess dataDisk, List<URI> sources, boolean instantOn, boolean pageSharing,
        List<GuestPackage> packages) {
    public static final int MAX_SOURCES = 16;
    /** A user's or an image's name: a safe file name. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern APPLICATION = Pattern.compile(Application.ID_PATTERN);
    public static final int MIN_MEMORY_MIB = 64;
    public static final int MAX_MEMORY_MIB = 65536;
    public static final int MAX_VCPUS = 64;

    public GuestSpec {
        require(user != null && NAME.matcher(user).matches(),
                "user must be 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        require(image != null && NAME.matcher(image).matches(), "image must be an image name such as 'tiny'");
        require(version == null || version.matches("[0-9a-f]{16}"), "version must be 16 hex digits");
        require(memoryMiB >= MIN_MEMORY_MIB && memoryMiB <= MAX_MEMORY_MIB,
                "memoryMiB must be between " + MIN_MEMORY_MIB + " and " + MAX_MEMORY_MIB);
        require(vcpus >= 1 && vcpus <= MAX_VCPUS, "vcpus must be between 1 and " + MAX_VCPUS);
        // It ends up on the guest's kernel command line: nothing but the id may get there.
        require(application == null || APPLICATION.matcher(application).matches(),
                "application must be an application id: a lower-case letter, then up to 31 lower-case letters, digits or '-'");
        network = network == null ? GuestNetwork.NONE : network;
        dataDisk = dataDisk == null ? DataDiskAccess.WRITABLE : dataDisk;
        sources = checkedSources(sources);
        require(sources.isEmpty() || version != null, "sources need a version to fetch");
        packages = GuestPackage.checked(packages);
    }

    /** Without packages. */
    public GuestSpec(String user, String image, String version, int memoryMiB, int vcpus, String application,
            GuestNetwork network, DataDiskAccess dataDisk, List<URI> sources, boolean instantOn, boolean pageSharing) {
        this(user, image, version, memoryMiB, vcpus, application, network, dataDisk, sources, instantOn, pageSharing,
                List.of());
    }

    /** A cold boot. */
    public GuestSpec(String user, String image, String version, int memoryMiB, int vcpus, String application,
            GuestNetwork network, DataDiskAccess dataDisk, List<URI> sources) {
        this(user, image, version, memoryMiB, vcpus, application, network, dataDisk, sources, false, false);
    }

    /** Without sources: the version must be on this host. */
    public GuestSpec(String user, String image, String version, int memoryMiB, int vcpus, String application,
            GuestNetwork network, DataDiskAccess dataDisk) {
        this(user, image, version, memoryMiB, vcpus, application, network, dataDisk, List.of());
    }

    /** The whole desktop, without network, with the data disk writable. */
    public GuestSpec(String user, String image, String version, int memoryMiB, int vcpus) {
        this(user, image, version, memoryMiB, vcpus, null, GuestNetwork.NONE, DataDiskAccess.WRITABLE);
    }

    /** {@code sources} (null: none), each an http(s) base URL, at most {@link #MAX_SOURCES}; INVALID otherwise. */
    public static List<URI> checkedSources(List<URI> sources) {
        List<URI> checked = sources == null ? List.of() : List.copyOf(sources);
        require(checked.size() <= MAX_SOURCES, "sources may name at most " + MAX_SOURCES + " base URLs");
        for (URI s : checked) {
            require(s.isAbsolute() && ("http".equals(s.getScheme()) || "https".equals(s.getScheme()))
                    && s.getHost() != null && s.getQuery() == null && s.getFragment() == null,
                    "sources must be http(s) base URLs such as http://host-2:8092/api/v1, not '" + s + "'");
        }
        return checked;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new GuestException(GuestException.Reason.INVALID, message);
        }
    }
}
