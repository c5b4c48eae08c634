package dev.ventana.server.hosts;

import java.util.List;

/**
 * What a packaging guest's installation added to its menu: one entry per .desktop file it wrote
 * under usr/share/applications ({@code file} its name, {@code command} its Exec without %-codes).
 */
public record PackagingScan(List<Entry> entries) {

    public PackagingScan {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    public record Entry(String file, String name, String command, String icon) {
    }
}
