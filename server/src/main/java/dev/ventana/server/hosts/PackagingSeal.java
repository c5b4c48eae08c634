package dev.ventana.server.hosts;

import java.util.List;

/**
 * What a packaging guest's work is sealed as: the new version's title and note, who made it, and
 * the applications it offers (their commands go into the package, not the catalogue).
 */
public record PackagingSeal(String title, String note, String createdBy, List<Application> applications) {

    public PackagingSeal {
        applications = List.copyOf(applications);
    }

    public record Application(String id, String name, String icon, String command) {
    }
}
