package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.select.Select;
import dev.ventana.server.broker.Pool;

import java.util.List;
import java.util.function.Function;

/** Chooses the pool a version is published in; one atomic switch for the sessions that start afterwards. */
final class PublishDialog extends Dialog {
    PublishDialog(ImagesView.Row row, List<Pool> pools, Function<String, String> publish) {
        setHeaderTitle("Publish " + row.image() + " " + row.version().version());
        Select<Pool> pool = new Select<>();
        pool.setId("publish-pool");
        pool.setLabel("In the pool");
        pool.setItems(pools);
        pool.setItemLabelGenerator(p -> p.displayName() + " · " + p.name() + " (now " + p.version() + ")");
        pool.setHelperText("New sessions start on it; running ones keep theirs until logoff and are told.");
        pool.setWidth("30rem");
        add(pool);
        Button ok = new Button("Publish", e -> {
            if (pool.getValue() == null) {
                Feedback.error("Choose the pool to publish it in.");
            } else if (Feedback.attempt(() -> publish.apply(pool.getValue().name()))) {
                close();
            }
        });
        ok.setId("publish-confirm");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("cancel");
        getFooter().add(cancel, ok);
    }
}
