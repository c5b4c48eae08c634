package dev.ventana.server.portal;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.ventana.server.hosts.Host;
import dev.ventana.server.hosts.HostAdmin;
import jakarta.annotation.security.RolesAllowed;

import java.time.Duration;
import java.time.Instant;

/** Admin: the farm's session hosts, their state, load and guests; draining one before maintenance. */
@Route(value = "admin/hosts", layout = MainLayout.class)
@PageTitle("Hosts · Ventana")
@RolesAllowed("ADMIN")
class HostsView extends VerticalLayout {
    /** Often enough to see a host go down (3 missed heartbeats) while looking. */
    private static final int POLL_MS = 5000;
    private final HostAdmin hosts;
    private final String actor;
    private final Grid<HostAdmin.HostStatus> grid = new Grid<>();
    private Registration polling;

    HostsView(HostAdmin hosts, AuthenticationContext auth) {
        this.hosts = hosts;
        this.actor = auth.getPrincipalName().orElseThrow();
        setSizeFull();

        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> refresh());
        refresh.setId("refresh-hosts");
        HorizontalLayout top = new HorizontalLayout(new H2("Hosts"), refresh);
        top.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.setId("hosts");
        grid.addColumn(s -> s.host().name()).setHeader("Name").setSortable(true).setAutoWidth(true);
        grid.addComponentColumn(HostsView::state).setHeader("State").setWidth("9rem").setFlexGrow(0);
        grid.addColumn(s -> String.format("%.2f", s.host().load())).setHeader("Load").setAutoWidth(true);
        grid.addColumn(s -> s.host().memoryFreeMib() + " / " + s.host().capacityMib() + " MiB")
                .setHeader("Memory free / capacity").setAutoWidth(true);
        grid.addColumn(s -> s.host().cpuCores()).setHeader("CPUs").setAutoWidth(true);
        grid.addColumn(HostAdmin.HostStatus::guestCount).setHeader("Guests").setAutoWidth(true);
        grid.addColumn(s -> ago(s.host().lastHeartbeatAt())).setHeader("Last heartbeat").setAutoWidth(true);
        grid.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);
        grid.setSizeFull();

        add(top, grid);
        refresh();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        event.getUI().setPollInterval(POLL_MS);
        polling = event.getUI().addPollListener(e -> refresh());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        event.getUI().setPollInterval(-1);
        polling.remove();
    }

    private static Span state(HostAdmin.HostStatus s) {
        String shown = s.host().shownState();
        Span badge = new Span(shown);
        badge.getElement().getThemeList().add(switch (shown) {
            case "UP" -> "badge success";
            case "DRAINING", "FENCING" -> "badge contrast";
            default -> "badge error";
        });
        badge.addClassName("ventana-host-state");
        return badge;
    }

    private Button actions(HostAdmin.HostStatus s) {
        Host h = s.host();
        Button button = h.draining()
                ? new Button("Undrain", e -> Feedback.confirm("Undrain " + h.name() + "?",
                        h.name() + " takes new sessions again.", "Undrain", () -> setDraining(h.name(), false)))
                : new Button("Drain", e -> Feedback.confirm("Drain " + h.name() + "?",
                        h.name() + " takes no new sessions; its " + s.guestCount()
                                + " running guest(s) go on until their users log off.",
                        "Drain", () -> setDraining(h.name(), true)));
        button.setId((h.draining() ? "undrain-" : "drain-") + h.name());
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return button;
    }

    private void setDraining(String name, boolean draining) {
        Feedback.attempt(() -> {
            hosts.setDraining(actor, name, draining);
            return name + (draining ? " drained: it takes no new sessions." : " takes new sessions again.");
        });
        refresh();
    }

    private static String ago(Instant at) {
        if (at == null) {
            return "never";
        }
        long s = Math.max(0, Duration.between(at, Instant.now()).toSeconds());
        return s < 120 ? s + " s ago" : s / 60 + " min ago";
    }

    private void refresh() {
        grid.setItems(hosts.all());
    }
}
