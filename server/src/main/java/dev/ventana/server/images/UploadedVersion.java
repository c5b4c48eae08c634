package dev.ventana.server.images;

/** The answer to an accepted upload: the new version, by its 16-hex id and full manifest sha256. */
public record UploadedVersion(String image, String version, String sha256, long sizeBytes, String parent) {
}
