package dev.ventana.host.display.source;

import java.time.Instant;

/**
 * What a guest's viewers are doing, for the farm's heartbeat: how many watch it now, and when
 * one last sent it keyboard or pointer input ({@code null} if none did since the host started).
 */
public record GuestActivity(int viewers, Instant lastInputAt) {
}
