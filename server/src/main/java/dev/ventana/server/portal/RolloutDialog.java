package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import dev.ventana.server.broker.Pool;

import java.util.List;

/** Rolls a pool out: its sessions on older versions see a countdown with the message, then are logged off. */
final class RolloutDialog extends Dialog {
    interface Rollout {
        String start(String pool, Integer graceMinutes, String message);
    }

    RolloutDialog(List<Pool> pools, Rollout rollout) {
        setHeaderTitle("Roll out a pool's published version");
        Select<Pool> pool = new Select<>();
        pool.setId("rollout-pool");
        pool.setLabel("Pool");
        pool.setItems(pools.stream().filter(Pool::published).toList());
        pool.setItemLabelGenerator(p -> p.displayName() + " · " + p.name() + " (" + p.version() + ")");
        IntegerField grace = new IntegerField("Minutes until they are logged off");
        grace.setId("rollout-grace");
        grace.setValue(15);
        grace.setMin(0);
        TextArea message = new TextArea("Message in their viewers");
        message.setId("rollout-message");
        message.setMaxLength(900);
        message.setWidth("30rem");
        add(pool, grace, message);
        Button ok = new Button("Roll out", e -> {
            if (pool.getValue() == null) {
                Feedback.error("Choose the pool to roll out.");
            } else if (Feedback.attempt(() -> rollout.start(pool.getValue().name(), grace.getValue(), message.getValue()))) {
                close();
            }
        });
        ok.setId("rollout-confirm");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("cancel");
        getFooter().add(cancel, ok);
    }
}
