package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;

/** Names and seals a maintenance guest's changes as a new version of its image. */
final class SealDialog extends Dialog {
    interface Seal {
        String seal(String title, String note);
    }

    SealDialog(String image, Seal seal) {
        setHeaderTitle("Seal the changes to " + image + " as a new version");
        Paragraph help = new Paragraph("The maintenance guest shuts down and its system disk becomes a new version,"
                + " layered on the one it started from. It arrives unpublished: publish it in a pool when ready.");
        help.setMaxWidth("32rem");
        TextField title = new TextField("Name");
        title.setId("seal-title");
        title.setMaxLength(200);
        title.setRequired(true);
        title.setWidth("30rem");
        TextArea note = new TextArea("Note (what changed)");
        note.setId("seal-note");
        note.setMaxLength(4000);
        note.setWidth("30rem");
        add(help, title, note);
        Button ok = new Button("Seal", e -> {
            if (title.getValue().isBlank()) {
                Feedback.error("Name the new version.");
            } else if (Feedback.attempt(() -> seal.seal(title.getValue(), note.getValue()))) {
                close();
            }
        });
        ok.setId("seal-confirm");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("cancel");
        getFooter().add(cancel, ok);
    }
}
