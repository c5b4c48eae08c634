package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.ventana.server.broker.Entitlement;
import dev.ventana.server.broker.Entitlements;
import dev.ventana.server.broker.Pool;
import dev.ventana.server.identity.Groups;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.identity.UserDirectory;
import dev.ventana.server.identity.UserGroup;

/** Whom a pool is given to: users and groups, added from lists, removed after a confirmation. */
final class EntitlementsDialog extends Dialog {
    private final Pool pool;
    private final Entitlements entitlements;
    private final String actor;
    private final Runnable changed;
    private final Grid<Entitlement> grid = new Grid<>();

    EntitlementsDialog(Pool pool, Entitlements entitlements, UserDirectory users, Groups groups, String actor,
                       Runnable changed) {
        this.pool = pool;
        this.entitlements = entitlements;
        this.actor = actor;
        this.changed = changed;
        setHeaderTitle("Who may launch " + pool.displayName());
        setWidth("min(40rem, 95vw)");

        if (pool.settings().openToAllUsers()) {
            add(new Paragraph("This pool is open to all users; entitlements matter once that is switched off (Edit)."));
        }
        grid.setId("entitlements");
        grid.addColumn(e -> e.user() != null ? "User" : "Group").setHeader("Kind").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> e.user() != null ? e.user() : e.group()).setHeader("Name");
        grid.addComponentColumn(this::remove).setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);

        ComboBox<String> user = new ComboBox<>("User");
        user.setId("entitle-user");
        user.setItems(users.all().stream().map(UserAccount::username).toList());
        Button addUser = new Button("Add user", e -> add(user, Entitlement::ofUser));
        addUser.setId("add-user");
        ComboBox<String> group = new ComboBox<>("Group");
        group.setId("entitle-group");
        group.setItems(groups.all().stream().map(UserGroup::name).toList());
        Button addGroup = new Button("Add group", e -> add(group, Entitlement::ofGroup));
        addGroup.setId("add-group");
        HorizontalLayout byUser = new HorizontalLayout(user, addUser);
        HorizontalLayout byGroup = new HorizontalLayout(group, addGroup);
        byUser.setAlignItems(FlexComponent.Alignment.BASELINE);
        byGroup.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(grid, byUser, byGroup);

        Button close = new Button("Close", e -> close());
        close.setId("close-entitlements");
        getFooter().add(close);
        refresh();
    }

    private void add(ComboBox<String> from, java.util.function.Function<String, Entitlement> who) {
        if (from.getValue() == null) {
            Feedback.error("Choose a " + from.getLabel().toLowerCase() + " from the list first.");
            return;
        }
        Entitlement e = who.apply(from.getValue());
        if (Feedback.attempt(() -> {
            entitlements.grant(actor, pool.name(), e);
            return pool.name() + " given to " + e.subject() + ".";
        })) {
            from.clear();
            refresh();
        }
    }

    private Button remove(Entitlement e) {
        Button remove = new Button("Remove", click -> Feedback.confirm("Take " + pool.name() + " from " + e.subject() + "?",
                "New launches are refused; sessions already running go on until they end.", "Remove", () -> {
                    Feedback.attempt(() -> {
                        entitlements.revoke(actor, pool.name(), e);
                        return pool.name() + " taken from " + e.subject() + ".";
                    });
                    refresh();
                }));
        remove.setId("remove-" + e.subject().replace(':', '-').replace(' ', '_'));
        remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        return remove;
    }

    private void refresh() {
        grid.setItems(entitlements.of(pool.name()));
        changed.run();
    }
}
