package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.ventana.server.hosts.HostImage;
import dev.ventana.server.packages.PackageVersionView;
import dev.ventana.server.packages.PackageVersions;
import jakarta.annotation.security.RolesAllowed;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Admin: the application packages' versions, what each offers, where they are and who uses them,
 * and deleting a version nobody uses. Pools choose their packages in the pool's dialog.
 */
@Route(value = "admin/packages", layout = MainLayout.class)
@PageTitle("Packages · Ventana")
@RolesAllowed("ADMIN")
class PackagesView extends VerticalLayout {
    private final PackageVersions versions;
    private final String actor;
    private final Grid<Row> grid = new Grid<>();

    /** One version of one package, as a grid row. */
    record Row(String name, PackageVersionView version) {
    }

    PackagesView(PackageVersions versions, AuthenticationContext auth) {
        this.versions = versions;
        this.actor = auth.getPrincipalName().orElseThrow();
        setSizeFull();
        Button reload = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> refresh());
        HorizontalLayout top = new HorizontalLayout(new H2("Packages"), reload);
        top.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.setId("packages");
        grid.addColumn(Row::name).setHeader("Package").setAutoWidth(true);
        grid.addColumn(r -> r.version().version()).setHeader("Version").setAutoWidth(true)
                .setTooltipGenerator(r -> r.version().note());
        grid.addColumn(r -> r.version().title()).setHeader("Title").setAutoWidth(true);
        grid.addColumn(r -> r.version().madeFor().image()
                        + (r.version().madeFor().version() == null ? "" : " " + r.version().madeFor().version()))
                .setHeader("Made for").setAutoWidth(true);
        grid.addColumn(r -> r.version().applications().stream().map(HostImage.Application::name)
                .collect(Collectors.joining(", "))).setHeader("Applications").setAutoWidth(true);
        grid.addColumn(r -> size(r.version().sizeBytes())).setHeader("Size").setAutoWidth(true);
        grid.addColumn(r -> r.version().hosts().isEmpty() ? "on no host" : String.join(", ", r.version().hosts()))
                .setHeader("Hosts").setAutoWidth(true);
        grid.addColumn(r -> String.join(", ", r.version().pools())).setHeader("Pools").setFlexGrow(1);
        grid.addColumn(r -> Long.toString(r.version().liveSessions())).setHeader("Sessions").setAutoWidth(true);
        grid.addComponentColumn(this::delete).setAutoWidth(true).setFlexGrow(0);
        grid.setSizeFull();
        add(top, grid);
        refresh();
    }

    private Button delete(Row row) {
        String version = row.version().version();
        Button delete = new Button(VaadinIcon.TRASH.create(), e -> Feedback.confirm("Delete version " + version + " of "
                        + row.name() + "?", "Its files go from the server and every host. This cannot be undone.", "Delete",
                () -> Feedback.attempt(() -> {
                    versions.delete(actor, row.name(), version);
                    refresh();
                    return "Version " + version + " of " + row.name() + " deleted.";
                })));
        delete.setId("delete-" + row.name() + "-" + version);
        delete.setTooltipText("Delete (only when no pool lists it and no session has it)");
        delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON,
                ButtonVariant.LUMO_ERROR);
        return delete;
    }

    /** Packages are often small: kB below a megabyte. */
    static String size(long bytes) {
        return bytes < 1_000_000 ? String.format("%.0f kB", bytes / 1e3) : String.format("%.1f MB", bytes / 1e6);
    }

    private void refresh() {
        List<Row> rows = new ArrayList<>();
        versions.all().forEach((name, list) -> list.forEach(v -> rows.add(new Row(name, v))));
        grid.setItems(rows);
    }
}
