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
import dev.ventana.server.broker.Entitlement;
import dev.ventana.server.broker.Entitlements;
import dev.ventana.server.broker.Pool;
import dev.ventana.server.broker.PoolKind;
import dev.ventana.server.broker.PoolNetwork;
import dev.ventana.server.broker.PoolSettings;
import dev.ventana.server.broker.Pools;
import dev.ventana.server.identity.Groups;
import dev.ventana.server.identity.UserDirectory;
import dev.ventana.server.broker.PoolPackages;
import dev.ventana.server.images.ImageCatalogue;
import dev.ventana.server.packages.PackageCatalogue;
import jakarta.annotation.security.RolesAllowed;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Admin: the pools users launch, their machines and policies, and whom each is given to. */
@Route(value = "admin/pools", layout = MainLayout.class)
@PageTitle("Pools · Ventana")
@RolesAllowed("ADMIN")
class PoolsView extends VerticalLayout {
    private final Pools pools;
    private final Entitlements entitlements;
    private final ImageCatalogue images;
    private final UserDirectory users;
    private final Groups groups;
    private final String actor;
    private final PoolPackages poolPackages;
    private final PackageCatalogue catalogue;
    private final Grid<Pool> grid = new Grid<>();
    /** Whom each pool is given to, read once per refresh. */
    private Map<String, String> givenTo = Map.of();

    PoolsView(Pools pools, Entitlements entitlements, ImageCatalogue images, UserDirectory users, Groups groups,
              PoolPackages poolPackages, PackageCatalogue catalogue, AuthenticationContext auth) {
        this.poolPackages = poolPackages;
        this.catalogue = catalogue;
        this.pools = pools;
        this.entitlements = entitlements;
        this.images = images;
        this.users = users;
        this.groups = groups;
        this.actor = auth.getPrincipalName().orElseThrow();
        setSizeFull();

        Button create = new Button("New pool", VaadinIcon.PLUS.create(),
                e -> new PoolDialog(images, null, this::create).open());
        create.setId("new-pool");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout top = new HorizontalLayout(new H2("Pools"), create);
        top.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.setId("pools");
        grid.addColumn(p -> p.displayName() + " · " + p.name() + (p.settings().enabled() ? "" : " (disabled)"))
                .setHeader("Pool").setAutoWidth(true);
        grid.addColumn(PoolsView::what).setHeader("Publishes").setAutoWidth(true);
        grid.addColumn(p -> p.version() == null ? "none yet" : p.version().substring(0, Math.min(8, p.version().length()))).setHeader("Version")
                .setTooltipGenerator(Pool::version).setAutoWidth(true);
        grid.addColumn(p -> p.settings().vcpus() + " vCPU · " + p.memoryMib() + " MiB"
                        + (p.settings().network() == PoolNetwork.NAT ? " · NAT" : ""))
                .setHeader("Machine").setAutoWidth(true);
        grid.addColumn(p -> p.settings().maxSessions() == null ? "no limit" : p.settings().maxSessions().toString())
                .setHeader("Sessions").setAutoWidth(true);
        // Takes the room that is left, cut short with the whole list in its tooltip.
        grid.addColumn(p -> givenTo.get(p.name())).setHeader("Given to").setFlexGrow(1)
                .setTooltipGenerator(p -> givenTo.get(p.name()));
        grid.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);
        grid.setSizeFull();

        add(top, grid);
        refresh();
    }

    private static String what(Pool p) {
        PoolSettings s = p.settings();
        return p.image() + (s.kind() == PoolKind.DESKTOP ? ": desktop" : ": application " + s.application());
    }

    private String entitled(Pool p) {
        if (p.settings().openToAllUsers()) {
            return "all users";
        }
        List<Entitlement> given = entitlements.of(p.name());
        return given.isEmpty() ? "nobody yet" : given.stream().map(Entitlement::subject).collect(Collectors.joining(", "));
    }

    private HorizontalLayout actions(Pool pool) {
        Runnable packages = () -> new PoolPackagesDialog(pool, catalogue, poolPackages, actor, this::refresh).open();
        Button edit = new Button(VaadinIcon.EDIT.create(), e -> new PoolDialog(images, pool, (name, image, settings) -> {
            pools.change(actor, pool.name(), settings);
            refresh();
            return "Pool " + pool.name() + " saved.";
        }, pools.packageApplications(pool.id()), packages).open());
        edit.setId("edit-" + pool.name());
        edit.setTooltipText("Edit the pool's settings");
        edit.setAriaLabel("Edit");
        Button entitle = new Button(VaadinIcon.KEY.create(), e -> new EntitlementsDialog(pool, entitlements, users, groups, actor,
                this::refresh).open());
        entitle.setId("entitlements-" + pool.name());
        entitle.setTooltipText("Entitlements: who may launch it");
        entitle.setAriaLabel("Entitlements");
        Button pkgs = new Button(VaadinIcon.PACKAGE.create(), e -> packages.run());
        pkgs.setId("packages-" + pool.name());
        pkgs.setTooltipText("Packages: the applications its new sessions get beside the image");
        pkgs.setAriaLabel("Packages");
        for (Button b : List.of(edit, entitle, pkgs)) {
            b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        }
        HorizontalLayout actions = new HorizontalLayout(edit, entitle, pkgs);
        actions.setSpacing(false);
        return actions;
    }

    private String create(String name, String image, PoolSettings settings) {
        pools.create(actor, name, image, settings);
        refresh();
        return "Pool " + name + " created. Give it to users or groups under Entitlements.";
    }

    private void refresh() {
        List<Pool> all = pools.all();
        givenTo = all.stream().collect(Collectors.toMap(Pool::name, this::entitled));
        grid.setItems(all);
    }
}
