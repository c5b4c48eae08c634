package dev.ventana.server.notices;

/** What a notice is about (docs/protocol.md, "Notices"); the viewer picks its look by it. */
public enum NoticeKind {
    SESSION_LOST, IDLE_WARNING, MAX_LENGTH_WARNING, TAKEN_OVER, ADMIN_MESSAGE, WATCHED, IMAGE_UPDATE, ROLLOUT, READ_ONLY_FILES,
    PACKAGE_UPDATE
}
