package dev.ventana.host.maintenance;

import dev.ventana.host.guest.Application;
import dev.ventana.host.guest.GuestException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One application a sealed package publishes, as the admin chose it from the scan: it becomes a
 * line {@code id|name|icon|command} of the package's /etc/ventana/package/applications, which the
 * guest reads, and an entry of its manifest. Checked as deploy/packages/make.sh and the server's
 * bundle check do, so nothing the admin types can break the line or the manifest.
 */
public record PackageApplication(String id, String name, String icon, String command) {
    static final int MAX = 16;
    /** The file travels base64 in one PACKAGE-SEAL line of at most 1024 bytes (docs/session-host.md). */
    static final int MAX_FILE_BYTES = 750;

    /** The list, stripped and checked: INVALID (400) naming the field that is wrong. */
    static List<PackageApplication> checked(List<PackageApplication> applications) {
        if (applications == null || applications.isEmpty() || applications.size() > MAX) {
            throw invalid("applications must list 1 to " + MAX + " applications: nothing else would start the package");
        }
        Set<String> ids = new HashSet<>();
        List<PackageApplication> out = new java.util.ArrayList<>();
        for (int i = 0; i < applications.size(); i++) {
            PackageApplication a = applications.get(i);
            if (a == null) {
                throw invalid("applications must not contain null");
            }
            String at = "applications[" + i + "]";
            if (a.id() == null || !a.id().matches(Application.ID_PATTERN)) {
                throw invalid(at + ".id must be a lower-case letter, then up to 31 lower-case letters, digits or '-'");
            }
            if (!ids.add(a.id())) {
                throw invalid(at + ".id '" + a.id() + "' is given twice");
            }
            String name = a.name() == null ? "" : a.name().strip();
            if (name.isEmpty() || name.length() > 100 || !plain(name)) {
                throw invalid(at + ".name must be 1-100 characters, without '|' or control characters");
            }
            if (a.icon() == null || !Application.ICONS.contains(a.icon())) {
                throw invalid(at + ".icon must be one of " + Application.ICONS.stream().sorted().toList());
            }
            String command = a.command() == null ? "" : a.command().strip();
            if (command.isEmpty() || command.length() > 200 || !plain(command)) {
                throw invalid(at + ".command must be 1-200 characters, without '|', a newline or control characters");
            }
            out.add(new PackageApplication(a.id(), name, a.icon(), command));
        }
        int bytes = file(out).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_FILE_BYTES) {
            throw invalid("the applications come to " + bytes + " bytes; the guest channel's PACKAGE-SEAL line carries at"
                    + " most " + MAX_FILE_BYTES + ": fewer applications, or shorter names and commands");
        }
        return List.copyOf(out);
    }

    /** The package's applications file: one {@code id|name|icon|command} line each. */
    static String file(List<PackageApplication> applications) {
        StringBuilder s = new StringBuilder();
        applications.forEach(a -> s.append(a.id()).append('|').append(a.name()).append('|').append(a.icon()).append('|')
                .append(a.command()).append('\n'));
        return s.toString();
    }

    private static boolean plain(String s) {
        return s.chars().noneMatch(c -> c == '|' || c < 0x20 || c == 0x7f);
    }

    private static GuestException invalid(String message) {
        return new GuestException(GuestException.Reason.INVALID, message);
    }
}
