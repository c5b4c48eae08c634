package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import dev.ventana.server.broker.Pool;
import dev.ventana.server.broker.PoolPackages;
import dev.ventana.server.hosts.GuestRequest.PackageRef;
import dev.ventana.server.packages.PackageCatalogue;
import dev.ventana.server.packages.PackageVersionRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The application packages a pool's new sessions get: one line per package (name and version),
 * in order; saving replaces the list (PoolPackages checks it and tells running sessions).
 */
final class PoolPackagesDialog extends Dialog {
    private final Map<String, List<String>> offered;
    private final VerticalLayout lines = new VerticalLayout();
    private final List<Line> chosen = new ArrayList<>();

    private record Line(HorizontalLayout row, Select<String> name, Select<String> version) {
    }

    PoolPackagesDialog(Pool pool, PackageCatalogue catalogue, PoolPackages packages, String actor, Runnable saved) {
        setHeaderTitle("Packages of " + pool.name());
        setWidth("min(40rem, 95vw)");
        // Newest first within each package, as the catalogue lists them; only those made for the pool's image.
        offered = catalogue.versions().stream().filter(v -> v.madeForImage().equals(pool.image()))
                .collect(Collectors.groupingBy(PackageVersionRef::name, TreeMap::new,
                        Collectors.mapping(PackageVersionRef::label, Collectors.toList())));
        lines.setPadding(false);
        add(new Paragraph(offered.isEmpty() ? "No package is made for the image " + pool.image() + " yet."
                : "New sessions get these packages; running sessions keep theirs until logoff and are told."), lines);
        packages.of(pool.id()).forEach(this::line);
        Button more = new Button("Add a package", VaadinIcon.PLUS.create(), e -> line(null));
        more.setId("pool-packages-add");
        more.setEnabled(!offered.isEmpty());
        Button save = new Button("Save", e -> {
            List<PackageRef> list = chosen.stream().filter(l -> l.name().getValue() != null)
                    .map(l -> new PackageRef(l.name().getValue(), l.version().getValue())).toList();
            if (Feedback.attempt(() -> {
                PoolPackages.Changed done = packages.change(actor, pool.name(), list);
                saved.run();
                return "Packages of " + pool.name() + " saved; " + done.sessionsTold()
                        + " running session(s) told to log off for them.";
            })) {
                close();
            }
        });
        save.setId("pool-packages-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        getFooter().add(more, cancel, save);
    }

    private void line(PackageRef ref) {
        int n = chosen.size();
        Select<String> name = new Select<>();
        name.setId("pool-package-name-" + n);
        name.setLabel("Package");
        name.setItems(offered.keySet());
        Select<String> version = new Select<>();
        version.setId("pool-package-version-" + n);
        version.setLabel("Version");
        name.addValueChangeListener(e -> {
            List<String> labels = e.getValue() == null ? List.of() : offered.getOrDefault(e.getValue(), List.of());
            version.setItems(labels);
            labels.stream().findFirst().ifPresent(version::setValue);
        });
        if (ref != null) {
            name.setValue(ref.name());
            version.setValue(ref.version());
        }
        HorizontalLayout row = new HorizontalLayout(name, version);
        Button remove = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> {
            lines.remove(row);
            chosen.removeIf(l -> l.row() == row);
        });
        remove.setId("pool-package-remove-" + n);
        remove.setAriaLabel("Remove");
        remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        row.add(remove);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        chosen.add(new Line(row, name, version));
        lines.add(row);
    }
}
