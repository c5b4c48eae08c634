package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;

import java.time.Duration;

/**
 * What an admin sets on a pool. Checked here, in words an admin can act on, before the database's
 * own constraints see it. {@code version} is the 16-hex id of the published image version, null
 * for "none yet"; {@code maxSessions} null for no limit. {@code instantOn} asks the host to restore
 * guests from the version's warm template (it cold-boots where the image has none);
 * {@code pageSharing} lets those clones share the template's memory pages, which is denser but a
 * timing side channel between different users' sessions, and means nothing without instant-on.
 * {@code display} is what the pool's sessions may do with the display beyond pictures and input
 * (clipboard direction, desktop resize), never null.
 */
public record PoolSettings(String displayName, String version, PoolKind kind, String application, int vcpus,
                           int memoryMib, PoolNetwork network, Integer maxSessions, boolean enabled,
                           boolean openToAllUsers, SessionPolicy policy, boolean instantOn, boolean pageSharing,
                           DisplayPolicy display) {
    static final int MIN_MEMORY_MIB = 64;
    static final int MAX_MEMORY_MIB = 65536;
    static final int MAX_VCPUS = 64;

    public PoolSettings {
        require(displayName != null && !displayName.isBlank() && displayName.length() <= 200,
                "displayName must be 1 to 200 characters.");
        // Whether the image has it is checked against the catalogue (Pools).
        require(version == null || version.matches("[0-9A-Za-z._-]{1,100}"), "version must be an image version's id,"
                + " 16 hex digits.");
        require(kind != null, "kind must be DESKTOP or APPLICATION.");
        require((kind == PoolKind.APPLICATION) == (application != null),
                "An APPLICATION pool names one application of its image; a DESKTOP pool names none.");
        require(application == null || application.matches("[a-z][a-z0-9-]{0,31}"),
                "application must be an application id from the image's manifest, such as 'editor'.");
        require(vcpus >= 1 && vcpus <= MAX_VCPUS, "vcpus must be between 1 and " + MAX_VCPUS + ".");
        require(memoryMib >= MIN_MEMORY_MIB && memoryMib <= MAX_MEMORY_MIB,
                "memoryMiB must be between " + MIN_MEMORY_MIB + " and " + MAX_MEMORY_MIB + ".");
        require(network != null, "network must be NONE or NAT.");
        require(maxSessions == null || maxSessions > 0, "maxSessions must be at least 1, or null for no limit.");
        require(policy != null, "the session policies are missing.");
        positive(policy.disconnectTimeout(), "disconnectTimeoutSeconds");
        positive(policy.idleTimeout(), "idleTimeoutSeconds");
        positive(policy.maxLength(), "maxSessionLengthSeconds");
        require(display != null, "the display policy is missing.");
        displayName = displayName.strip();
    }

    /**
     * A new desktop pool's settings: 1 vCPU, 512 MiB, no network, logged off after an hour without a
     * viewer; instant-on where the image supports it, each clone with a private copy of its memory;
     * the default display policy (clipboard both ways, the desktop follows the window up to 1920x1200).
     */
    public static PoolSettings desktop(String displayName, String version) {
        return new PoolSettings(displayName, version, PoolKind.DESKTOP, null, 1, 512, PoolNetwork.NONE, null, true, false,
                new SessionPolicy(Duration.ofHours(1), null, null), true, false, DisplayPolicy.DEFAULT);
    }

    public PoolSettings withVersion(String v) {
        return new PoolSettings(displayName, v, kind, application, vcpus, memoryMib, network, maxSessions, enabled,
                openToAllUsers, policy, instantOn, pageSharing, display);
    }

    private static void positive(Duration d, String field) {
        require(d == null || (d.toSeconds() >= 1 && d.toSeconds() <= Integer.MAX_VALUE),
                field + " must be at least 1, or null to switch it off.");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, message);
        }
    }
}
