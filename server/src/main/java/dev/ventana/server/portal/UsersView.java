package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.identity.UserDirectory;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Admin: create users, reset their passwords, assign roles. */
@Route(value = "admin/users", layout = MainLayout.class)
@PageTitle("Users · Ventana")
@RolesAllowed("ADMIN")
class UsersView extends VerticalLayout {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final UserDirectory users;
    private final String actor;
    private final Grid<UserAccount> grid = new Grid<>();

    UsersView(UserDirectory users, AuthenticationContext auth) {
        this.users = users;
        this.actor = auth.getPrincipalName().orElseThrow();
        setSizeFull();

        Button create = new Button("New user", VaadinIcon.PLUS.create(),
                e -> new UserForms.NewUserDialog(this::createUser).open());
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        grid.addColumn(UserAccount::username).setHeader("Username").setSortable(true).setAutoWidth(true);
        grid.addColumn(UserAccount::displayName).setHeader("Name").setSortable(true).setAutoWidth(true);
        grid.addColumn(u -> u.roles().stream().map(Role::name).sorted().collect(Collectors.joining(", ")))
                .setHeader("Roles").setAutoWidth(true);
        grid.addColumn(u -> DATE.format(u.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.setSizeFull();

        add(new HorizontalLayout(new H2("Users"), create), grid);
        refresh();
    }

    private HorizontalLayout actions(UserAccount user) {
        Button password = new Button("Reset password",
                e -> new UserForms.PasswordDialog(user.username(), p -> attempt(() -> {
                    users.resetPassword(user.username(), p, actor);
                    return "Password of " + user.username() + " reset.";
                })).open());
        Button roles = new Button("Roles",
                e -> new UserForms.RolesDialog(user, r -> attempt(() -> {
                    users.setRoles(user.username(), r, actor);
                    return "Roles of " + user.username() + " saved.";
                })).open());
        password.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        roles.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return new HorizontalLayout(password, roles);
    }

    private boolean createUser(NewUser user) {
        return attempt(() -> {
            users.create(user, actor);
            return "User " + user.username() + " created.";
        });
    }

    /** Runs a change; on success refreshes and confirms, on a known failure says why and keeps the dialog open. */
    private boolean attempt(Supplier<String> change) {
        boolean done = Feedback.attempt(change);
        if (done) {
            refresh();
        }
        return done;
    }

    private void refresh() {
        grid.setItems(users.all());
    }
}
