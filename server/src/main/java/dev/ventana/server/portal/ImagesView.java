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
import dev.ventana.server.broker.ImageMaintenance;
import dev.ventana.server.broker.Pool;
import dev.ventana.server.broker.SessionState;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.identity.UserDirectory;
import dev.ventana.server.broker.PoolVersions;
import dev.ventana.server.broker.Pools;
import dev.ventana.server.images.ImageCatalogue;
import dev.ventana.server.images.ImageVersions;
import dev.ventana.server.images.VersionUploads;
import dev.ventana.server.images.VersionView;
import jakarta.annotation.security.RolesAllowed;

import java.util.ArrayList;
import java.util.List;

/**
 * Admin: the golden images' versions, where they are and who uses them; updating one in a
 * maintenance guest and sealing or discarding that work; publishing a version in a pool
 * (publishing an older one rolls back), rolling a pool out, and deleting a version nobody uses.
 */
@Route(value = "admin/images", layout = MainLayout.class)
@PageTitle("Images · Ventana")
@RolesAllowed("ADMIN")
class ImagesView extends VerticalLayout {
    private final ImageVersions versions;
    private final PoolVersions poolVersions;
    private final Pools pools;
    private final String actor;
    private final UserAccount admin;
    private final ImageMaintenance maintenance;
    private final Grid<Row> grid = new Grid<>();
    private final Grid<ImageMaintenance.Work> works = new Grid<>();

    /** One version of one image, as a grid row. */
    record Row(String image, VersionView version) {
    }

    ImagesView(ImageVersions versions, PoolVersions poolVersions, Pools pools, ImageCatalogue images,
               VersionUploads uploads, ImageMaintenance maintenance, UserDirectory users, AuthenticationContext auth) {
        this.versions = versions;
        this.maintenance = maintenance;
        this.poolVersions = poolVersions;
        this.pools = pools;
        this.actor = auth.getPrincipalName().orElseThrow();
        this.admin = users.signedIn(actor);
        setSizeFull();

        Button rollout = new Button("Roll out", VaadinIcon.TIMER.create(), e -> new RolloutDialog(pools.all(),
                (pool, grace, message) -> {
                    PoolVersions.Rollout done = poolVersions.rollout(actor, pool, grace, message);
                    refresh();
                    return done.sessions() + " session(s) of " + pool + " will be logged off at " + done.logoffAt() + ".";
                }).open());
        rollout.setId("rollout");
        Button reload = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> refresh());
        UploadTarget upload = new UploadTarget("image", "upload-image", "upload-version",
                image -> UploadVersionDialog.ofImage(uploads, image, actor, v -> refresh()).open());
        upload.offer(images.imagesWithVersions());
        HorizontalLayout top = new HorizontalLayout(new H2("Images"), rollout, reload, upload);
        top.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.setId("versions");
        grid.addColumn(Row::image).setHeader("Image").setAutoWidth(true);
        grid.addColumn(r -> r.version().version()).setHeader("Version").setAutoWidth(true);
        grid.addColumn(r -> r.version().title() == null ? "" : r.version().title()).setHeader("Title")
                .setTooltipGenerator(r -> r.version().note()).setAutoWidth(true);
        grid.addColumn(r -> r.version().source() + (r.version().parent() == null ? "" : " on " + r.version().parent()))
                .setHeader("Made").setAutoWidth(true);
        grid.addColumn(r -> String.format("%.1f MB", r.version().sizeBytes() / 1e6)).setHeader("Size").setAutoWidth(true);
        grid.addColumn(r -> r.version().verified() ? String.join(", ", r.version().hosts()) : "on no host")
                .setHeader("Hosts").setAutoWidth(true);
        grid.addColumn(r -> String.join(", ", r.version().pools())).setHeader("Published in").setFlexGrow(1);
        grid.addColumn(r -> Long.toString(r.version().liveSessions())).setHeader("Sessions").setAutoWidth(true);
        grid.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);
        grid.setSizeFull();

        works.setId("maintenance");
        works.addColumn(ImageMaintenance.Work::image).setHeader("Being updated").setAutoWidth(true);
        works.addColumn(ImageMaintenance.Work::version).setHeader("From version").setAutoWidth(true);
        works.addColumn(w -> w.startedBy() + " at " + w.startedAt().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)).setHeader("By").setAutoWidth(true);
        works.addColumn(w -> SessionState.valueOf(w.sessionState()).live() ? "running on " + w.host()
                : "shut down: seal or discard").setHeader("Guest").setFlexGrow(1);
        works.addComponentColumn(this::maintenanceActions).setAutoWidth(true).setFlexGrow(0);
        works.setAllRowsVisible(true);
        add(top, works, grid);
        refresh();
    }

    private HorizontalLayout maintenanceActions(ImageMaintenance.Work work) {
        Button open = new Button("Open", VaadinIcon.DESKTOP.create(), e -> viewer(work));
        open.setId("open-maintenance-" + work.image());
        open.setEnabled(work.startedBy().equals(actor) && SessionState.valueOf(work.sessionState()).live());
        Button seal = new Button("Seal as new version", VaadinIcon.CHECK.create(), e -> new SealDialog(work.image(),
                (title, note) -> {
                    ImageMaintenance.Sealed done = maintenance.seal(admin, work.image(), title, note);
                    refresh();
                    return "Sealed as version " + done.version() + " of " + done.image() + " in "
                            + String.format("%.1f", done.sealSeconds()) + " s; publish it in a pool when ready.";
                }).open());
        seal.setId("seal-" + work.image());
        Button discard = new Button("Discard", VaadinIcon.TRASH.create(), e -> Feedback.confirm("Discard the changes to "
                        + work.image() + "?", "The maintenance guest stops and everything changed in it is lost.", "Discard",
                () -> Feedback.attempt(() -> {
                    maintenance.discard(admin, work.image());
                    refresh();
                    return "The changes to " + work.image() + " are discarded.";
                })));
        discard.setId("discard-" + work.image());
        discard.addThemeVariants(ButtonVariant.LUMO_ERROR);
        for (Button b : List.of(open, seal, discard)) {
            b.addThemeVariants(ButtonVariant.LUMO_SMALL);
        }
        return new HorizontalLayout(open, seal, discard);
    }

    /** The maintenance guest in this tab's viewer, like any desktop: the console is a Back away. */
    private void viewer(ImageMaintenance.Work work) {
        UI.getCurrent().getPage().setLocation("/viewer/viewer.html?session=" + work.session());
    }

    private HorizontalLayout actions(Row row) {
        String key = row.image() + "-" + row.version().version();
        List<Pool> ofImage = pools.all().stream().filter(p -> p.image().equals(row.image())).toList();
        Button publish = new Button(VaadinIcon.UPLOAD_ALT.create(), e -> new PublishDialog(row, ofImage, pool -> {
            PoolVersions.Published done = poolVersions.publish(actor, pool, row.version().version());
            refresh();
            return (done.rollback() ? "Rolled " + pool + " back to " : "Published in " + pool + ": ") + done.to()
                    + "; " + done.sessionsTold() + " running session(s) told to log off for it.";
        }).open());
        publish.setId("publish-" + key);
        publish.setTooltipText("Publish in a pool (an older version rolls back)");
        publish.setEnabled(!ofImage.isEmpty());
        Button delete = new Button(VaadinIcon.TRASH.create(), e -> Feedback.confirm("Delete version "
                        + row.version().version() + "?", "Its files go from every host. This cannot be undone.", "Delete",
                () -> Feedback.attempt(() -> {
                    versions.delete(actor, row.image(), row.version().version());
                    refresh();
                    return "Version " + row.version().version() + " deleted.";
                })));
        delete.setId("delete-" + key);
        delete.setTooltipText("Delete (only when no pool publishes it, no session runs it and nothing is layered on it)");
        Button update = new Button(VaadinIcon.WRENCH.create(), e -> {
            try {
                viewer(maintenance.start(admin, row.image(), row.version().version(), null));
            } catch (VentanaException refused) {
                Feedback.error(refused.getMessage());
            }
        });
        update.setId("update-" + key);
        update.setTooltipText("Update: change this version in a maintenance guest, then seal it as a new version");
        for (Button b : List.of(update, publish, delete)) {
            b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        }
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        HorizontalLayout actions = new HorizontalLayout(update, publish, delete);
        actions.setSpacing(false);
        return actions;
    }

    private void refresh() {
        List<Row> rows = new ArrayList<>();
        versions.all().forEach((image, list) -> list.forEach(v -> rows.add(new Row(image, v))));
        grid.setItems(rows);
        List<ImageMaintenance.Work> inProgress = maintenance.all();
        works.setItems(inProgress);
        works.setVisible(!inProgress.isEmpty());
    }
}
