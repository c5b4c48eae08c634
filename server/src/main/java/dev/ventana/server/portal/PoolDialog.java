package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import dev.ventana.server.broker.DisplayPolicy;
import dev.ventana.server.broker.Pool;
import dev.ventana.server.broker.PoolKind;
import dev.ventana.server.broker.PoolNetwork;
import dev.ventana.server.broker.PoolSettings;
import dev.ventana.server.broker.SessionPolicy;
import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.HostImage;
import dev.ventana.server.images.ImageCatalogue;
import dev.ventana.server.images.ImageVersionRef;

import java.util.List;

/**
 * Every setting of a pool, for a new one (with its name, image and kind, fixed from then on) or
 * an existing one. The server checks the values (PoolSettings, Pools) and says what is wrong.
 */
final class PoolDialog extends Dialog {
    /** Saves the form's values; returns what to tell the admin, or throws a VentanaException saying what to fix. */
    interface Save {
        String save(String name, String image, PoolSettings settings);
    }

    private final ImageCatalogue images;
    private final List<HostImage.Application> fromPackages;
    private final TextField name = new TextField("Name");
    private final TextField displayName = new TextField("Display name");
    private final Select<String> image = new Select<>();
    private final Select<ImageVersionRef> version = new Select<>();
    private final RadioButtonGroup<PoolKind> kind = new RadioButtonGroup<>("Kind");
    private final Select<HostImage.Application> application = new Select<>();
    private final IntegerField vcpus = new IntegerField("vCPUs");
    private final IntegerField memory = new IntegerField("Memory (MiB)");
    private final RadioButtonGroup<PoolNetwork> network = new RadioButtonGroup<>("Network");
    private final IntegerField maxSessions = new IntegerField("Maximum sessions");
    private final Checkbox enabled = new Checkbox("Enabled: users can launch it");
    private final Checkbox openToAll = new Checkbox("Open to all users, without entitlements");
    private final TextField disconnect = new TextField("Log off without a viewer after");
    private final TextField idle = new TextField("Log off without input after");
    private final TextField maxLength = new TextField("Maximum session length");
    private final Checkbox instantOn = new Checkbox("Instant-on: restore from a saved, already-booted machine");
    private final Checkbox pageSharing = new Checkbox("Page sharing between sessions");
    private final Select<DisplayPolicy.Clipboard> clipboard = new Select<>();
    private final Checkbox resize = new Checkbox("Desktop follows the browser window");
    private final IntegerField maxWidth = new IntegerField("Maximum width (pixels)");
    private final IntegerField maxHeight = new IntegerField("Maximum height (pixels)");

    /** A new pool, or {@code existing} to change; {@code save} decides. */
    PoolDialog(ImageCatalogue images, Pool existing, Save save) {
        this(images, existing, save, List.of(), null);
    }

    /**
     * {@code fromPackages}: the applications the existing pool's packages offer, which it may
     * publish too; {@code packages} opens the pool's packages (null: none yet, a new pool).
     */
    PoolDialog(ImageCatalogue images, Pool existing, Save save, List<HostImage.Application> fromPackages,
               Runnable packages) {
        this.images = images;
        this.fromPackages = fromPackages;
        boolean creating = existing == null;
        setHeaderTitle(creating ? "New pool" : "Pool " + existing.name());
        setWidth("min(56rem, 95vw)");
        ids();

        name.setHelperText("lower-case letters, digits and '-', such as office-desktop; fixed once created");
        image.setLabel("Image");
        image.setItems(creating ? images.imagesWithVersions() : List.of(existing.image()));
        version.setLabel("Version");
        version.setItemLabelGenerator(ImageVersionRef::label);
        version.setHelperText("new sessions start on this version; running ones keep theirs");
        kind.setItems(PoolKind.values());
        kind.setItemLabelGenerator(k -> k == PoolKind.DESKTOP ? "Desktop" : "One application");
        application.setLabel("Application");
        application.setItemLabelGenerator(a -> a.name() + " (" + a.id() + ")");
        application.setEmptySelectionAllowed(false);
        network.setItems(PoolNetwork.values());
        network.setItemLabelGenerator(n -> n == PoolNetwork.NONE ? "None" : "Outbound (NAT)");
        vcpus.setMin(1);
        vcpus.setStepButtonsVisible(true);
        memory.setStep(128);
        maxSessions.setMin(1);
        maxSessions.setHelperText("empty: no limit");
        for (TextField t : List.of(disconnect, idle, maxLength)) {
            t.setHelperText("such as 45s, 30m, 8h; empty: off");
        }
        instantOn.setHelperText("a desktop in about a second instead of a boot; where the image has no saved machine,"
                + " the host boots it as before");
        pageSharing.setHelperText("denser, but sessions of different users share memory pages: a timing side channel"
                + " between them. Only with instant-on");
        clipboard.setLabel("Clipboard");
        clipboard.setItems(DisplayPolicy.Clipboard.values());
        clipboard.setItemLabelGenerator(PoolDialog::clipboardLabel);
        clipboard.setHelperText("which way copied text may go between the user's browser and the desktop");
        resize.setHelperText("the desktop takes the size of the viewer's window, up to the maximum below");
        maxWidth.setMin(DisplayPolicy.MIN_WIDTH);
        maxWidth.setMax(DisplayPolicy.MAX_WIDTH);
        maxWidth.setHelperText(DisplayPolicy.MIN_WIDTH + " to " + DisplayPolicy.MAX_WIDTH);
        maxHeight.setMin(DisplayPolicy.MIN_HEIGHT);
        maxHeight.setMax(DisplayPolicy.MAX_HEIGHT);
        maxHeight.setHelperText(DisplayPolicy.MIN_HEIGHT + " to " + DisplayPolicy.MAX_HEIGHT);

        image.addValueChangeListener(e -> versions(e.getValue(), null));
        version.addValueChangeListener(e -> applications(e.getValue(), null));
        kind.addValueChangeListener(e -> application.setVisible(e.getValue() == PoolKind.APPLICATION));
        // Kept, not cleared: turning instant-on back on restores the admin's choice.
        instantOn.addValueChangeListener(e -> pageSharing.setEnabled(e.getValue()));
        resize.addValueChangeListener(e -> maxSize(e.getValue()));

        // A new pool starts from PoolSettings' defaults, with a display name of the admin's to come.
        PoolSettings s = creating ? PoolSettings.desktop("?", null) : existing.settings();
        fill(s);
        if (creating) {
            displayName.clear();
            image.getListDataView().getItems().findFirst().ifPresent(image::setValue);
        } else {
            name.setValue(existing.name());
            image.setValue(existing.image());
            versions(existing.image(), existing.version());
            applications(version.getValue(), s.application());
        }
        name.setReadOnly(!creating);
        image.setReadOnly(!creating);
        kind.setReadOnly(!creating);

        FormLayout form = new FormLayout(name, displayName, image, version, kind, application, vcpus, memory, network,
                maxSessions, enabled, openToAll, disconnect, idle, maxLength, instantOn, pageSharing, clipboard, resize,
                maxWidth, maxHeight);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("30rem", 2));
        add(form);

        Button saveButton = new Button(creating ? "Create" : "Save", e -> {
            if (Feedback.attempt(() -> save.save(name.getValue().strip(), image.getValue(), settings()))) {
                close();
            }
        });
        saveButton.setId("save-pool");
        saveButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("cancel");
        if (packages != null) {
            Button packagesButton = new Button("Packages…", VaadinIcon.PACKAGE.create(), e -> {
                close();
                packages.run();
            });
            packagesButton.setId("pool-packages");
            getFooter().add(packagesButton);
        }
        getFooter().add(cancel, saveButton);
    }

    private void ids() {
        name.setId("pool-name");
        displayName.setId("pool-display-name");
        image.setId("pool-image");
        version.setId("pool-version");
        kind.setId("pool-kind");
        application.setId("pool-application");
        vcpus.setId("pool-vcpus");
        memory.setId("pool-memory");
        network.setId("pool-network");
        maxSessions.setId("pool-max-sessions");
        enabled.setId("pool-enabled");
        openToAll.setId("pool-open-to-all");
        disconnect.setId("pool-disconnect-timeout");
        idle.setId("pool-idle-timeout");
        maxLength.setId("pool-max-length");
        instantOn.setId("pool-instant-on");
        pageSharing.setId("pool-page-sharing");
        clipboard.setId("pool-clipboard");
        resize.setId("pool-resize");
        maxWidth.setId("pool-max-width");
        maxHeight.setId("pool-max-height");
    }

    private void fill(PoolSettings s) {
        displayName.setValue(s.displayName());
        kind.setValue(s.kind());
        application.setVisible(s.kind() == PoolKind.APPLICATION);
        vcpus.setValue(s.vcpus());
        memory.setValue(s.memoryMib());
        network.setValue(s.network());
        maxSessions.setValue(s.maxSessions());
        enabled.setValue(s.enabled());
        openToAll.setValue(s.openToAllUsers());
        disconnect.setValue(DurationText.format(s.policy().disconnectTimeout()));
        idle.setValue(DurationText.format(s.policy().idleTimeout()));
        maxLength.setValue(DurationText.format(s.policy().maxLength()));
        instantOn.setValue(s.instantOn());
        pageSharing.setValue(s.pageSharing());
        pageSharing.setEnabled(s.instantOn());
        clipboard.setValue(s.display().clipboard());
        resize.setValue(s.display().resize());
        maxWidth.setValue(s.display().maxWidth());
        maxHeight.setValue(s.display().maxHeight());
        maxSize(s.display().resize());
    }

    /** The maximum size means nothing without resizing; kept, not cleared, like page sharing. */
    private void maxSize(boolean resizing) {
        maxWidth.setEnabled(resizing);
        maxHeight.setEnabled(resizing);
    }

    private static String clipboardLabel(DisplayPolicy.Clipboard c) {
        return switch (c) {
            case BOTH -> "Both ways";
            case TO_GUEST -> "Browser to desktop only";
            case TO_BROWSER -> "Desktop to browser only";
            case OFF -> "Off";
        };
    }

    /** The image's versions, newest first; {@code selected} (a label) or else the newest is chosen. */
    private void versions(String imageName, String selected) {
        List<ImageVersionRef> all = imageName == null ? List.of() : images.versions(imageName);
        version.setItems(all);
        all.stream().filter(v -> v.label().equals(selected)).findFirst()
                .or(() -> all.stream().findFirst()).ifPresent(version::setValue);
    }

    private void applications(ImageVersionRef v, String selected) {
        List<HostImage.Application> offered = new java.util.ArrayList<>(v == null ? List.of() : images.applications(v.id()));
        offered.addAll(fromPackages);
        application.setItems(offered);
        application.setHelperText(offered.isEmpty() ? "this version offers no application of its own" : null);
        offered.stream().filter(a -> a.id().equals(selected)).findFirst()
                .or(() -> offered.stream().findFirst()).ifPresent(application::setValue);
    }

    /** The form as settings; a VentanaException names the first field to correct. */
    private PoolSettings settings() {
        PoolKind k = kind.getValue();
        HostImage.Application app = application.getValue();
        return new PoolSettings(displayName.getValue(), version.getValue() == null ? null : version.getValue().label(),
                k, k == PoolKind.APPLICATION && app != null ? app.id() : null,
                required(vcpus, "vCPUs"), required(memory, "Memory"), network.getValue(), number(maxSessions),
                enabled.getValue(), openToAll.getValue(),
                new SessionPolicy(DurationText.parse(disconnect.getLabel(), disconnect.getValue()),
                        DurationText.parse(idle.getLabel(), idle.getValue()),
                        DurationText.parse(maxLength.getLabel(), maxLength.getValue())),
                instantOn.getValue(), pageSharing.getValue(), new DisplayPolicy(clipboard.getValue(), resize.getValue(),
                        required(maxWidth, "Maximum width"), required(maxHeight, "Maximum height")));
    }

    private static int required(IntegerField field, String what) {
        Integer v = number(field);
        if (v == null) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, what + " is missing: enter a whole number.");
        }
        return v;
    }

    private static Integer number(IntegerField field) {
        if (field.isInvalid()) {
            String range = field.getMax() < Integer.MAX_VALUE ? " from " + field.getMin() + " to " + field.getMax()
                    : field.getMin() == 1 ? " of at least 1" : "";
            throw new VentanaException(ErrorKind.BAD_REQUEST, field.getLabel() + " must be a whole number" + range + ".");
        }
        return field.getValue();
    }
}
