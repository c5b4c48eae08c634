package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.ventana.server.identity.Groups;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.identity.UserDirectory;
import dev.ventana.server.identity.UserGroup;
import jakarta.annotation.security.RolesAllowed;

/** Admin: groups of users, which pools are given to; creating, filling and deleting them. */
@Route(value = "admin/groups", layout = MainLayout.class)
@PageTitle("Groups · Ventana")
@RolesAllowed("ADMIN")
class GroupsView extends VerticalLayout {
    private final Groups groups;
    private final UserDirectory users;
    private final String actor;
    private final Grid<UserGroup> grid = new Grid<>();

    GroupsView(Groups groups, UserDirectory users, AuthenticationContext auth) {
        this.groups = groups;
        this.users = users;
        this.actor = auth.getPrincipalName().orElseThrow();
        setSizeFull();

        Button create = new Button("New group", VaadinIcon.PLUS.create(),
                e -> new GroupForms.NewGroupDialog((name, description) -> Feedback.attempt(() -> {
                    groups.create(actor, name, description);
                    refresh();
                    return "Group " + name + " created. Add its members with Members.";
                })).open());
        create.setId("new-group");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout top = new HorizontalLayout(new H2("Groups"), create);
        top.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.setId("groups");
        grid.addColumn(UserGroup::name).setHeader("Name").setSortable(true).setAutoWidth(true);
        grid.addColumn(UserGroup::description).setHeader("Description").setAutoWidth(true);
        grid.addColumn(g -> g.members().isEmpty() ? "none" : String.join(", ", g.members())).setHeader("Members")
                .setFlexGrow(1);
        grid.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);
        grid.setSizeFull();

        add(top, grid);
        refresh();
    }

    private HorizontalLayout actions(UserGroup group) {
        String id = group.name().replace(' ', '_');
        Button members = new Button("Members", e -> new GroupForms.MembersDialog(group,
                users.all().stream().map(UserAccount::username).toList(), chosen -> Feedback.attempt(() -> {
                    groups.setMembers(actor, group.name(), chosen);
                    refresh();
                    return "Members of " + group.name() + " saved.";
                })).open());
        members.setId("members-" + id);
        Button delete = new Button("Delete", e -> Feedback.confirm("Delete group " + group.name() + "?",
                "The pools given to it are taken from its " + group.members().size()
                        + " member(s), unless given to them otherwise; their accounts stay.", "Delete", () -> {
                    Feedback.attempt(() -> {
                        groups.delete(actor, group.name());
                        return "Group " + group.name() + " deleted.";
                    });
                    refresh();
                }));
        delete.setId("delete-" + id);
        members.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        HorizontalLayout actions = new HorizontalLayout(members, delete);
        actions.setSpacing(false);
        return actions;
    }

    private void refresh() {
        grid.setItems(groups.all());
    }
}
