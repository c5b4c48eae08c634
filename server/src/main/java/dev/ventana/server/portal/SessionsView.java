package dev.ventana.server.portal;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.ventana.server.broker.Pool;
import dev.ventana.server.broker.Pools;
import dev.ventana.server.broker.SessionBroker;
import dev.ventana.server.broker.SessionMessages;
import dev.ventana.server.broker.SessionSearch;
import dev.ventana.server.broker.SessionState;
import dev.ventana.server.hosts.HostAdmin;
import dev.ventana.server.identity.UserDirectory;
import jakarta.annotation.security.RolesAllowed;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Admin: every session of the farm, filtered; ending one, messaging its user, shadowing it. */
@Route(value = "admin/sessions", layout = MainLayout.class)
@PageTitle("Sessions · Ventana")
@RolesAllowed("ADMIN")
class SessionsView extends VerticalLayout {
    static final String ANY = "any";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());
    private final SessionSearch search;
    private final SessionBroker broker;
    private final SessionMessages messages;
    private final UserDirectory users;
    private final String actor;
    private final TextField user = new TextField("User");
    private final Select<String> pool = new Select<>();
    private final Select<String> host = new Select<>();
    private final Select<String> state = new Select<>();
    private final Grid<SessionSearch.Found> grid = new Grid<>();

    SessionsView(SessionSearch search, SessionBroker broker, SessionMessages messages, UserDirectory users, Pools pools,
                 HostAdmin hosts, AuthenticationContext auth) {
        this.search = search;
        this.broker = broker;
        this.messages = messages;
        this.users = users;
        this.actor = auth.getPrincipalName().orElseThrow();
        setSizeFull();

        user.setId("filter-user");
        user.setPlaceholder("any");
        user.setClearButtonVisible(true);
        user.addValueChangeListener(e -> refresh());
        choices(pool, "Pool", "filter-pool", pools.all().stream().map(Pool::name).toList());
        choices(host, "Host", "filter-host", hosts.all().stream().map(h -> h.host().name()).toList());
        List<String> states = new ArrayList<>(List.of(ANY, "live"));
        Arrays.stream(SessionState.values()).map(Enum::name).forEach(states::add);
        choices(state, "State", "filter-state", states);
        state.setValue("live");
        for (Select<String> select : List.of(pool, host, state)) {
            select.addValueChangeListener(e -> refresh());
        }
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> refresh());
        refresh.setId("refresh-sessions");
        HorizontalLayout filters = new HorizontalLayout(user, pool, host, state, refresh);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        grid.setId("sessions");
        grid.addColumn(s -> s.id().toString().substring(0, 8)).setHeader("Session").setAutoWidth(true);
        grid.addColumn(SessionSearch.Found::user).setHeader("User").setAutoWidth(true);
        grid.addColumn(SessionSearch.Found::where).setHeader("Pool").setAutoWidth(true);
        grid.addColumn(s -> s.host() == null ? "–" : s.host()).setHeader("Host").setAutoWidth(true);
        grid.addColumn(SessionSearch.Found::state).setHeader("State").setAutoWidth(true);
        grid.addColumn(s -> time(s.startedAt() != null ? s.startedAt() : s.createdAt())).setHeader("Started")
                .setAutoWidth(true);
        grid.addColumn(s -> "READ_ONLY".equals(s.dataDisk()) ? "read-only" : "writable").setHeader("Files")
                .setAutoWidth(true);
        grid.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);
        grid.setSizeFull();

        add(new H2("Sessions"), filters, grid);
        refresh();
    }

    private static void choices(Select<String> select, String label, String id, List<String> items) {
        select.setLabel(label);
        select.setId(id);
        List<String> all = new ArrayList<>();
        if (!items.contains(ANY)) {
            all.add(ANY);
        }
        all.addAll(items);
        select.setItems(all);
        select.setValue(ANY);
    }

    private HorizontalLayout actions(SessionSearch.Found s) {
        HorizontalLayout actions = new HorizontalLayout();
        actions.setSpacing(false);
        if (!SessionState.valueOf(s.state()).live()) {
            return actions;
        }
        String shortId = s.id().toString().substring(0, 8);
        Button end = new Button(VaadinIcon.POWER_OFF.create(), e -> Feedback.confirm("End session " + shortId + "?",
                s.user() + "'s session in " + s.where() + " is logged off now; anything not saved in it is lost.",
                "End session", () -> end(s)));
        end.addThemeVariants(ButtonVariant.LUMO_ERROR);
        end.setId("end-" + s.id());
        end.setTooltipText("End (log off) the session");
        end.setAriaLabel("End");
        Button message = new Button(VaadinIcon.COMMENT.create(), e -> new MessageDialog(s, text -> Feedback.attempt(() -> {
            messages.send(actor, s.id(), text);
            return "Message sent to " + s.user() + ".";
        })).open());
        message.setId("message-" + s.id());
        message.setTooltipText("Send the user a message");
        message.setAriaLabel("Message");
        // The viewer, read-only: the admin watches without their input reaching the guest.
        Button shadow = new Button(VaadinIcon.EYE.create(), e -> UI.getCurrent().getPage()
                .open("viewer/viewer.html?session=" + s.id() + "&shadow=1", "_blank"));
        shadow.setId("shadow-" + s.id());
        shadow.setEnabled(SessionState.RUNNING.name().equals(s.state()));
        shadow.setTooltipText("Shadow: watch the session in a new tab, read-only");
        shadow.setAriaLabel("Shadow");
        for (Button b : List.of(end, message, shadow)) {
            b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);

            actions.add(b);
        }
        return actions;
    }

    private void end(SessionSearch.Found s) {
        Feedback.attempt(() -> {
            broker.endSession(users.signedIn(actor), s.id());
            return "Session of " + s.user() + " is being logged off.";
        });
        refresh();
    }

    private SessionSearch.Filter filter() {
        return new SessionSearch.Filter(blankToNull(user.getValue()), anyToNull(pool.getValue()),
                anyToNull(host.getValue()), SessionSearch.states(anyToNull(state.getValue())));
    }

    private void refresh() {
        SessionSearch.Filter f = filter();
        grid.setItems(q -> search.search(f, q.getPage(), q.getPageSize()).items().stream(),
                q -> (int) Math.min(Integer.MAX_VALUE, search.search(f, 0, 1).total()));
    }

    private static String anyToNull(String s) {
        return s == null || ANY.equals(s) ? null : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }
}
