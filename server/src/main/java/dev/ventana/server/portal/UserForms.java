package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;
import dev.ventana.server.identity.UserAccount;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

/** The dialogs of the Users view. Each hands its input to a callback that says whether it was accepted. */
final class UserForms {
    private UserForms() {
    }

    private static void buttons(Dialog dialog, String action, Runnable onSave) {
        Button save = new Button(action, e -> onSave.run());
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
    }

    private static CheckboxGroup<Role> roleBoxes(Set<Role> selected) {
        CheckboxGroup<Role> roles = new CheckboxGroup<>("Roles");
        roles.setItems(Role.values());
        roles.setValue(selected);
        return roles;
    }

    static final class NewUserDialog extends Dialog {
        NewUserDialog(Predicate<NewUser> create) {
            setHeaderTitle("New user");
            TextField username = new TextField("Username");
            username.setHelperText("lower-case letters, digits, '.', '_' or '-'");
            TextField name = new TextField("Name");
            PasswordField password = new PasswordField("Password");
            password.setHelperText("at least 10 characters");
            CheckboxGroup<Role> roles = roleBoxes(EnumSet.of(Role.USER));
            add(new FormLayout(username, name, password, roles));
            buttons(this, "Create", () -> {
                if (create.test(new NewUser(username.getValue().strip(), name.getValue(), password.getValue(),
                        roles.getValue()))) {
                    close();
                }
            });
        }
    }

    static final class PasswordDialog extends Dialog {
        PasswordDialog(String username, Predicate<String> reset) {
            setHeaderTitle("New password for " + username);
            PasswordField password = new PasswordField("New password");
            password.setHelperText("at least 10 characters; tell it to the user by a safe channel");
            add(password);
            buttons(this, "Set password", () -> {
                if (reset.test(password.getValue())) {
                    close();
                }
            });
        }
    }

    static final class RolesDialog extends Dialog {
        RolesDialog(UserAccount user, Predicate<Set<Role>> save) {
            setHeaderTitle("Roles of " + user.username());
            CheckboxGroup<Role> roles = roleBoxes(user.roles());
            add(roles);
            buttons(this, "Save", () -> {
                if (save.test(roles.getValue())) {
                    close();
                }
            });
        }
    }
}
