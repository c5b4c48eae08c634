package dev.ventana.server.portal;

import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;

import java.util.Map;

/** The icon names of docs/api.md as Vaadin's icons; a name this server does not know is a generic application. */
final class PoolIcons {
    private static final Map<String, VaadinIcon> ICONS = Map.of(
            "desktop", VaadinIcon.DESKTOP,
            "editor", VaadinIcon.EDIT,
            "terminal", VaadinIcon.TERMINAL,
            "browser", VaadinIcon.GLOBE,
            "document", VaadinIcon.FILE_TEXT,
            "spreadsheet", VaadinIcon.TABLE,
            "code", VaadinIcon.CODE,
            "application", VaadinIcon.CUBE);

    private PoolIcons() {
    }

    static Icon of(String name) {
        return ICONS.getOrDefault(name, VaadinIcon.CUBE).create();
    }
}
