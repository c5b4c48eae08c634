package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.ventana.server.broker.SessionMessages;
import dev.ventana.server.broker.SessionSearch;

import java.util.function.Predicate;

/** A message to a session's user, shown in their viewer until they dismiss it. */
final class MessageDialog extends Dialog {
    MessageDialog(SessionSearch.Found session, Predicate<String> send) {
        setHeaderTitle("Message to " + session.user());
        TextArea text = new TextArea("Message");
        text.setId("message-text");
        text.setMaxLength(SessionMessages.MAX_LENGTH);
        text.setValueChangeMode(ValueChangeMode.EAGER);
        text.setHelperText("0/" + SessionMessages.MAX_LENGTH + "; replaces the previous message in their viewer");
        text.addValueChangeListener(e -> text.setHelperText(e.getValue().length() + "/" + SessionMessages.MAX_LENGTH
                + "; replaces the previous message in their viewer"));
        text.setWidth("32rem");
        text.setMinHeight("8rem");
        add(text);
        Button sendButton = new Button("Send", e -> {
            if (send.test(text.getValue())) {
                close();
            }
        });
        sendButton.setId("send-message");
        sendButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("cancel");
        getFooter().add(cancel, sendButton);
    }
}
