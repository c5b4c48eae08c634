package dev.ventana.host.guest;

import java.util.regex.Pattern;

/**
 * What a start request asks for. The user names the persistent data disk, so it is limited to
 * characters that are safe in a file name.
 *
 * @param version an image version id, or null for the image's current version
 */
public record GuestSpec(String user, String image, String version, int memoryMiB, int vcpus) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
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
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new GuestException(GuestException.Reason.INVALID, message);
        }
    }
}
