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
import com.vaadin.flow.component.UI;
import dev.ventana.server.broker.PackagingGuests;
import dev.ventana.server.broker.SessionState;
import dev.ventana.server.hosts.HostImage;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.identity.UserDirectory;
import dev.ventana.server.images.ImageCatalogue;
import dev.ventana.server.packages.PackageUploads;
import dev.ventana.server.packages.PackageVersionView;
import dev.ventana.server.packages.PackageVersions;
import jakarta.annotation.security.RolesAllowed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Admin: the application packages' versions, what each offers, where they are and who uses them,
 * and deleting a version nobody uses; making a package in a packaging guest (New package, then
 * Open, Seal or Discard the work). Pools choose their packages in the pool's dialog.
 */
@Route(value = "admin/packages", layout = MainLayout.class)
@PageTitle("Packages · Ventana")
@RolesAllowed("ADMIN")
class PackagesView extends VerticalLayout {
    private final PackageVersions versions;
    private final String actor;
    private final Grid<Row> grid = new Grid<>();
    private final UploadTarget upload;
    private final Grid<PackagingGuests.Work> works = new Grid<>();
    private final PackagingGuests packaging;
    private final UserAccount admin;

    /** One version of one package, as a grid row. */
    record Row(String name, PackageVersionView version) {
    }

    PackagesView(PackageVersions versions, PackagingGuests packaging, ImageCatalogue images, UserDirectory users,
                 PackageUploads uploads, AuthenticationContext auth) {
        this.versions = versions;
        this.packaging = packaging;
        this.actor = auth.getPrincipalName().orElseThrow();
        this.admin = users.signedIn(actor);
        setSizeFull();
        Button reload = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> refresh());
        Button create = new Button("New package", VaadinIcon.PLUS.create(), e -> new NewPackageDialog(images,
                (name, image, version) -> viewer(packaging.start(admin, name, image, version, null))).open());
        create.setId("new-package");
        upload = new UploadTarget("package", "upload-package-name", "upload-package",
                name -> UploadVersionDialog.ofPackage(uploads, name.strip(), actor, this::refresh).open());
        HorizontalLayout top = new HorizontalLayout(new H2("Packages"), reload, create, upload);
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

        works.setId("packaging");
        works.addColumn(PackagingGuests.Work::name).setHeader("Being packaged").setAutoWidth(true);
        works.addColumn(w -> w.image() + " " + w.version()).setHeader("On").setAutoWidth(true);
        works.addColumn(w -> w.admin() + " at " + w.startedAt().truncatedTo(java.time.temporal.ChronoUnit.MINUTES))
                .setHeader("By").setAutoWidth(true);
        works.addColumn(w -> SessionState.valueOf(w.sessionState()).live() ? "running on " + w.host()
                : "shut down: discard").setHeader("Guest").setFlexGrow(1);
        works.addComponentColumn(this::packagingActions).setAutoWidth(true).setFlexGrow(0);
        works.setAllRowsVisible(true);
        add(top, works, grid);
        refresh();
    }

    private HorizontalLayout packagingActions(PackagingGuests.Work work) {
        boolean live = SessionState.valueOf(work.sessionState()).live();
        Button open = new Button("Open", VaadinIcon.DESKTOP.create(), e -> viewer(work));
        open.setId("open-packaging-" + work.name());
        open.setEnabled(work.admin().equals(actor) && live);
        Button seal = new Button("Seal", VaadinIcon.CHECK.create(), e -> new PackageSealDialog(work.name(),
                () -> packaging.scan(work.name()), (title, note, applications) -> {
                    PackagingGuests.Sealed done = packaging.seal(admin, work.name(), title, note, applications);
                    refresh();
                    return "Sealed as version " + done.version() + " of " + done.name() + " (" + size(done.sizeBytes())
                            + ", " + String.format("%.1f", done.sealSeconds()) + " s); give it to a pool when ready.";
                }).open());
        seal.setId("seal-package-" + work.name());
        seal.setEnabled(live);
        Button discard = new Button("Discard", VaadinIcon.TRASH.create(), e -> Feedback.confirm("Discard the packaging"
                        + " of " + work.name() + "?", "The packaging guest stops and everything installed in it is lost.",
                "Discard", () -> Feedback.attempt(() -> {
                    packaging.discard(admin, work.name());
                    refresh();
                    return "The packaging of " + work.name() + " is discarded.";
                })));
        discard.setId("discard-packaging-" + work.name());
        discard.addThemeVariants(ButtonVariant.LUMO_ERROR);
        for (Button b : List.of(open, seal, discard)) {
            b.addThemeVariants(ButtonVariant.LUMO_SMALL);
        }
        return new HorizontalLayout(open, seal, discard);
    }

    /** The packaging guest in this tab's viewer, like any desktop: the console is a Back away. */
    private void viewer(PackagingGuests.Work work) {
        UI.getCurrent().getPage().setLocation("/viewer/viewer.html?session=" + work.session());
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
        Map<String, List<PackageVersionView>> all = versions.all();
        all.forEach((name, list) -> list.forEach(v -> rows.add(new Row(name, v))));
        grid.setItems(rows);
        upload.offer(all.keySet().stream().sorted().toList());
        List<PackagingGuests.Work> open = packaging.all();
        works.setItems(open);
        works.setVisible(!open.isEmpty());
    }
}
