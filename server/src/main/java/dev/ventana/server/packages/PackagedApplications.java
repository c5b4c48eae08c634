package dev.ventana.server.packages;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.HostImage;
import dev.ventana.server.hosts.PackagingSeal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules an application of a package follows, for a bundle's manifest and for a packaging
 * seal alike: ids as an image's, icons from docs/api.md "Icons", one-line names and commands
 * without '|' (the guest's applications file separates fields with it).
 */
public final class PackagedApplications {
    /** A packaging seal offers 1 to this many applications (a manifest may list up to 32). */
    public static final int MAX_SEALED = 16;
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    static final Set<String> ICONS = Set.of("desktop", "editor", "terminal", "browser", "document", "spreadsheet", "code",
            "application");
    private static final int MAX_COMMAND = 200;

    private PackagedApplications() {
    }

    /** The icons an application may have, sorted. */
    public static List<String> icons() {
        return ICONS.stream().sorted().toList();
    }

    /**
     * BAD_REQUEST naming the first application that breaks a rule; else the applications with
     * their names and commands stripped, as the host writes them into the package.
     */
    public static List<PackagingSeal.Application> checkSealed(List<PackagingSeal.Application> applications) {
        if (applications == null || applications.isEmpty() || applications.size() > MAX_SEALED) {
            throw refused("applications must list 1 to " + MAX_SEALED + " applications the package offers.");
        }
        Set<String> ids = new HashSet<>();
        List<PackagingSeal.Application> checked = new ArrayList<>();
        for (PackagingSeal.Application given : applications) {
            PackagingSeal.Application a = given == null ? null : new PackagingSeal.Application(given.id(),
                    given.name() == null ? null : given.name().strip(), given.icon(),
                    given.command() == null ? null : given.command().strip());
            if (a == null || a.id() == null || !ID.matcher(a.id()).matches() || !ids.add(a.id())) {
                throw refused("The application id '" + (a == null ? null : a.id())
                        + "' must be unique and match [a-z][a-z0-9-]{0,31}.");
            }
            if (a.name() == null || a.name().isBlank() || a.name().length() > 100 || oneField(a.name())) {
                throw refused("The application '" + a.id() + "' needs a name of 1 to 100 characters, without '|' or"
                        + " control characters.");
            }
            if (a.icon() == null || !ICONS.contains(a.icon())) {
                throw refused("The application '" + a.id() + "' has the icon '" + a.icon() + "'; icons are " + icons()
                        + " (docs/api.md, \"Icons\").");
            }
            if (a.command() == null || a.command().isBlank() || a.command().length() > MAX_COMMAND
                    || oneField(a.command())) {
                throw refused("The application '" + a.id() + "' needs a command of 1 to " + MAX_COMMAND
                        + " characters, without '|' or control characters (one line).");
            }
            checked.add(a);
        }
        return List.copyOf(checked);
    }

    /** What the catalogue keeps of them: no commands (those stay in the package). */
    public static List<HostImage.Application> offered(List<PackagingSeal.Application> applications) {
        return applications.stream().map(a -> new HostImage.Application(a.id(), a.name(), a.icon())).toList();
    }

    /** A field of the guest's applications file: no '|' and no control character (a newline would end the line). */
    private static boolean oneField(String text) {
        return text.contains("|") || text.chars().anyMatch(Character::isISOControl);
    }

    private static VentanaException refused(String why) {
        return new VentanaException(ErrorKind.BAD_REQUEST, why);
    }
}
