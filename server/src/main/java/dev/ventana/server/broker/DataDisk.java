package dev.ventana.server.broker;

/**
 * How a session's guest attaches its user's data disk: one writer per disk, so a user's second
 * live session (a desktop and an application, or two pools) sees the files read-only. A
 * maintenance guest has none: no user's files may end up in a golden image.
 */
public enum DataDisk {
    WRITABLE, READ_ONLY, NONE
}
