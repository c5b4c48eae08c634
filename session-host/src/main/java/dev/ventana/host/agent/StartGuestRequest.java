package dev.ventana.host.agent;

/**
 * Body of POST /api/v1/guests. version may be omitted for the image's current version;
 * memoryMiB and vcpus default to 512 and 1.
 */
record StartGuestRequest(String user, String image, String version, Integer memoryMiB, Integer vcpus) {
}
