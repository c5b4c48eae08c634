package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.images.ImageCatalogue;
import dev.ventana.server.images.ImageVersionRef;

import java.util.List;

/**
 * New package: the package's name and the image version its packaging guest boots from (newest
 * first, the newest chosen); starting it opens the guest in the viewer, as the Images view's Update.
 */
final class NewPackageDialog extends Dialog {
    interface Start {
        /** Starts the packaging guest and opens it; throws VentanaException when refused. */
        void start(String name, String image, String version);
    }

    NewPackageDialog(ImageCatalogue images, Start start) {
        setHeaderTitle("New package");
        Paragraph help = new Paragraph("A packaging guest of the image opens in the viewer, its desktop root's: install"
                + " the application there (apt-get install ... in its terminal), then come back and Seal it. The"
                + " package keeps only what the installation added or changed.");
        help.setMaxWidth("32rem");
        TextField name = new TextField("Package name");
        name.setId("new-package-name");
        name.setHelperText("1 to 32 lower-case letters, digits and '-', starting with a letter");
        name.setMaxLength(32);
        name.setRequired(true);
        name.setWidth("30rem");
        Select<String> image = new Select<>();
        image.setId("new-package-image");
        image.setLabel("Image");
        image.setItems(images.imagesWithVersions());
        Select<String> version = new Select<>();
        version.setId("new-package-version");
        version.setLabel("Version");
        image.addValueChangeListener(e -> {
            List<String> labels = e.getValue() == null ? List.of()
                    : images.versions(e.getValue()).stream().map(ImageVersionRef::label).toList();
            version.setItems(labels);
            labels.stream().findFirst().ifPresent(version::setValue);
        });
        version.setWidth("14rem");
        add(help, name, new HorizontalLayout(image, version));
        Button ok = new Button("Start", e -> {
            if (name.getValue().isBlank() || image.getValue() == null) {
                Feedback.error("Name the package and choose the image it is made on.");
                return;
            }
            try {
                start.start(name.getValue().strip(), image.getValue(), version.getValue());
                close();
            } catch (VentanaException refused) {
                Feedback.error(refused.getMessage());
            }
        });
        ok.setId("new-package-start");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("cancel");
        getFooter().add(cancel, ok);
    }
}
