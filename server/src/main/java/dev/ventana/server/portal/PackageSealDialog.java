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
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.PackagingScan;
import dev.ventana.server.hosts.PackagingSeal;
import dev.ventana.server.packages.PackagedApplications;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Seals a packaging guest's work as a new version of its package: its title and note, and the
 * applications it offers, one line each (id, name, icon, command), pre-filled from a scan of what
 * the installation added to the guest's menu.
 */
final class PackageSealDialog extends Dialog {
    interface Seal {
        String seal(String title, String note, List<PackagingSeal.Application> applications);
    }

    private final VerticalLayout lines = new VerticalLayout();
    private final List<Line> applications = new ArrayList<>();

    private record Line(HorizontalLayout row, TextField id, TextField name, Select<String> icon, TextField command) {
        PackagingSeal.Application value() {
            return new PackagingSeal.Application(id.getValue().strip(), name.getValue().strip(), icon.getValue(),
                    command.getValue().strip());
        }
    }

    PackageSealDialog(String name, Supplier<PackagingScan> scan, Seal seal) {
        setHeaderTitle("Seal " + name + " as a new version");
        setWidth("min(60rem, 95vw)");
        Paragraph help = new Paragraph("What the installation added or changed becomes a new version of the package,"
                + " offering the applications below; the packaging guest then stops. Scan again after installing more.");
        TextField title = new TextField("Title");
        title.setId("package-seal-title");
        title.setMaxLength(100);
        title.setRequired(true);
        title.setWidth("30rem");
        TextArea note = new TextArea("Note (what it holds)");
        note.setId("package-seal-note");
        note.setMaxLength(1000);
        note.setWidth("30rem");
        lines.setPadding(false);
        Button rescan = new Button("Scan", VaadinIcon.SEARCH.create(), e -> fill(scan));
        rescan.setId("package-seal-scan");
        Button more = new Button("Add an application", VaadinIcon.PLUS.create(), e -> line(null));
        more.setId("package-seal-add");
        add(help, title, note, new HorizontalLayout(rescan, more), lines);
        Button ok = new Button("Seal", e -> {
            if (title.getValue().isBlank()) {
                Feedback.error("Give the new version a title.");
            } else if (Feedback.attempt(() -> seal.seal(title.getValue(), note.getValue(),
                    applications.stream().map(Line::value).toList()))) {
                close();
            }
        });
        ok.setId("package-seal-confirm");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("cancel");
        getFooter().add(cancel, ok);
        fill(scan);
    }

    /** The scan's entries replace the lines; a refused scan leaves one empty line to fill by hand. */
    private void fill(Supplier<PackagingScan> scan) {
        lines.removeAll();
        applications.clear();
        try {
            scan.get().entries().stream().limit(PackagedApplications.MAX_SEALED).forEach(this::line);
        } catch (VentanaException refused) {
            Feedback.error(refused.getMessage());
        }
        if (applications.isEmpty()) {
            line(null);
        }
    }

    private void line(PackagingScan.Entry entry) {
        int n = applications.size();
        TextField id = field("Id", "package-app-id-" + n, "13rem", entry == null ? "" : idOf(entry.file()));
        TextField label = field("Name", "package-app-name-" + n, "11rem", entry == null ? "" : entry.name());
        Select<String> icon = new Select<>();
        icon.setId("package-app-icon-" + n);
        icon.setLabel("Icon");
        icon.setItems(PackagedApplications.icons());
        icon.setValue("application");
        TextField command = field("Command", "package-app-command-" + n, "15rem", entry == null ? "" : entry.command());
        HorizontalLayout row = new HorizontalLayout(id, label, icon, command);
        Button remove = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> {
            lines.remove(row);
            applications.removeIf(l -> l.row() == row);
        });
        remove.setId("package-app-remove-" + n);
        remove.setAriaLabel("Remove");
        remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        row.add(remove);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        applications.add(new Line(row, id, label, icon, command));
        lines.add(row);
    }

    private static TextField field(String label, String id, String width, String value) {
        TextField field = new TextField(label);
        field.setId(id);
        field.setWidth(width);
        field.setValue(value == null ? "" : value);
        return field;
    }

    /** An application id from a .desktop file's name: org.gnome.Calculator.desktop is org-gnome-calculator. */
    static String idOf(String file) {
        String id = (file == null ? "" : file).replaceFirst("\\.desktop$", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]+", "-").replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
        return id.length() > 32 ? id.substring(0, 32).replaceAll("-+$", "") : id;
    }
}
