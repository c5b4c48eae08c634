package dev.ventana.host.guest;

import java.util.Set;

/**
 * One application an image version publishes (its manifest's "applications"): what the server
 * shows the user. The guest itself looks up the command from its own copy of the list.
 *
 * @param icon one of {@link #ICONS}
 */
public record Application(String id, String name, String icon) {
    /** The icon names images and the server share (docs/api.md, "Icons"). */
    public static final Set<String> ICONS = Set.of("desktop", "editor", "terminal", "browser", "document",
            "spreadsheet", "code", "application");
    /** What an icon the host does not know is shown as: images may be newer than the host. */
    public static final String GENERIC_ICON = "application";
    public static final String ID_PATTERN = "[a-z][a-z0-9-]{0,31}";
}
