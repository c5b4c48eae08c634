package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * The Images and Packages views' "Upload a version": the image or package it is for, chosen
 * among the known ones or typed (a first version makes a new one), and the button that opens the
 * upload for it, which refuses to open without a name.
 */
final class UploadTarget extends HorizontalLayout {
    private final ComboBox<String> target = new ComboBox<>();

    /** {@code what}: "image" or "package"; {@code open} gets the name as typed. */
    UploadTarget(String what, String targetId, String buttonId, Consumer<String> open) {
        target.setId(targetId);
        target.setPlaceholder(what);
        target.setAllowCustomValue(true);
        target.addCustomValueSetListener(e -> target.setValue(e.getDetail()));
        Button upload = new Button("Upload a version", VaadinIcon.UPLOAD.create(), e -> {
            if (target.getValue() == null || target.getValue().isBlank()) {
                Feedback.error("Choose or type the " + what + " the version is for.");
            } else {
                open.accept(target.getValue());
            }
        });
        upload.setId(buttonId);
        add(target, upload);
        setAlignItems(FlexComponent.Alignment.BASELINE);
    }

    /** The known ones, offered in the list. */
    void offer(Collection<String> names) {
        target.setItems(names);
    }
}
