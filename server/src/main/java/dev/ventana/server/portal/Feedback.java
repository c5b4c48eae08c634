package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.ventana.server.errors.VentanaException;

import java.util.function.Supplier;

/**
 * How the admin views report: a change either says what it did, or shows the server's own
 * message (which says what to do) and leaves the form as it was, to be corrected.
 */
final class Feedback {
    private Feedback() {
    }

    /** Runs a change; true when it succeeded and its message was shown, false after showing why it failed. */
    static boolean attempt(Supplier<String> change) {
        try {
            String done = change.get();
            Notification.show(done, 3000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            return true;
        } catch (VentanaException e) {
            error(e.getMessage());
            return false;
        }
    }

    static void error(String message) {
        Notification n = Notification.show(message, 6000, Notification.Position.MIDDLE);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
        n.addClassName("ventana-error");
    }

    /**
     * Asks before something that cannot be taken back (ending, draining, deleting); the
     * confirming button carries {@code confirmText} and the id "confirm".
     */
    static void confirm(String header, String text, String confirmText, Runnable onConfirm) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setHeader(header);
        dialog.setText(text);
        dialog.setCancelable(true);
        Button confirm = new Button(confirmText);
        confirm.setId("confirm");
        confirm.addThemeName("primary error");
        confirm.addClickListener(e -> {
            dialog.close();
            onConfirm.run();
        });
        dialog.setConfirmButton(confirm);
        dialog.open();
    }
}
