package dev.ventana.server.packages;

/** The answer to an accepted package upload: the new version, by its 16-hex id and full manifest sha256. */
public record UploadedPackage(String name, String version, String sha256, long sizeBytes) {
}
