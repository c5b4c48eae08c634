package dev.ventana.server.images;

import java.time.Instant;

/** An upload being received: the bytes of the request body read so far. */
public record UploadInProgress(String image, long receivedBytes, Instant startedAt) {
}
