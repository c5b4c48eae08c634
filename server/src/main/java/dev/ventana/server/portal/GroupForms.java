package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.ventana.server.identity.UserGroup;

import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/** The dialogs of the Groups view. Each hands its input to a callback that says whether it was accepted. */
final class GroupForms {
    private GroupForms() {
    }

    private static void buttons(Dialog dialog, String action, String id, Runnable onSave) {
        Button save = new Button(action, e -> onSave.run());
        save.setId(id);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> dialog.close());
        cancel.setId("cancel");
        dialog.getFooter().add(cancel, save);
    }

    static final class NewGroupDialog extends Dialog {
        NewGroupDialog(BiPredicate<String, String> create) {
            setHeaderTitle("New group");
            TextField name = new TextField("Name");
            name.setId("group-name");
            name.setHelperText("letters, digits, spaces, '.', '_' or '-'");
            TextArea description = new TextArea("Description");
            description.setId("group-description");
            description.setMaxLength(1000);
            add(new FormLayout(name, description));
            buttons(this, "Create", "save-group", () -> {
                if (create.test(name.getValue().strip(), description.getValue())) {
                    close();
                }
            });
        }
    }

    static final class MembersDialog extends Dialog {
        MembersDialog(UserGroup group, List<String> usernames, Predicate<Set<String>> save) {
            setHeaderTitle("Members of " + group.name());
            MultiSelectComboBox<String> members = new MultiSelectComboBox<>("Members");
            members.setId("group-members");
            members.setItems(usernames);
            members.setValue(Set.copyOf(group.members()));
            members.setWidth("28rem");
            members.setHelperText("the group's members are exactly those chosen here");
            add(members);
            buttons(this, "Save", "save-members", () -> {
                if (save.test(members.getValue())) {
                    close();
                }
            });
        }
    }
}
