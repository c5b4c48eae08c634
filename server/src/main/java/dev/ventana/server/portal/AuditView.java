package dev.ventana.server.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.ventana.server.audit.AuditEvent;
import dev.ventana.server.audit.AuditFilter;
import dev.ventana.server.audit.AuditPage;
import dev.ventana.server.audit.AuditTrail;
import jakarta.annotation.security.RolesAllowed;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;

/** Admin: who did what, newest first, narrowed by time, actor, action and target, a page at a time. */
@Route(value = "admin/audit", layout = MainLayout.class)
@PageTitle("Audit · Ventana")
@RolesAllowed("ADMIN")
class AuditView extends VerticalLayout {
    static final int PAGE_SIZE = 50;
    private static final ZoneId ZONE = ZoneId.systemDefault();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZONE);
    private final AuditTrail trail;
    private final DateTimePicker from = new DateTimePicker("From");
    private final DateTimePicker to = new DateTimePicker("Until");
    private final TextField actor = new TextField("Actor");
    private final TextField action = new TextField("Action");
    private final TextField target = new TextField("Target");
    private final Grid<AuditEvent> grid = new Grid<>();
    private final Button previous = new Button("Previous", VaadinIcon.ANGLE_LEFT.create());
    private final Button next = new Button("Next", VaadinIcon.ANGLE_RIGHT.create());
    private final Span pageLabel = new Span();
    private int page;

    AuditView(AuditTrail trail) {
        this.trail = trail;
        setSizeFull();

        from.setId("audit-from");
        to.setId("audit-to");
        actor.setId("audit-actor");
        action.setId("audit-action");
        action.setPlaceholder("session, pool.created…");
        action.setTooltipText("An action, or the start of several: 'session' finds session.launched, session.ended…");
        target.setId("audit-target");
        target.setPlaceholder("user, pool, session id…");
        actor.setPlaceholder("username or system");
        // One row of filters on a 1280-pixel laptop, leaving the height to the events.
        from.setWidth("14rem");
        to.setWidth("14rem");
        for (TextField t : new TextField[] {actor, action, target}) {
            t.setWidth("9rem");
            t.setClearButtonVisible(true);
            t.addValueChangeListener(e -> show(0));
        }
        from.addValueChangeListener(e -> show(0));
        to.addValueChangeListener(e -> show(0));
        HorizontalLayout filters = new HorizontalLayout(from, to, actor, action, target);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        grid.setId("audit");
        grid.addColumn(e -> TIME.format(e.occurredAt())).setHeader("When").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(AuditEvent::actor).setHeader("Actor").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(AuditEvent::action).setHeader("Action").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(AuditEvent::target).setHeader("Target").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> details(e.details())).setHeader("Details").setFlexGrow(1);
        grid.setSizeFull();

        previous.addClickListener(e -> show(page - 1));
        next.addClickListener(e -> show(page + 1));
        previous.setId("audit-previous");
        next.setId("audit-next");
        next.setIconAfterText(true);
        pageLabel.setId("audit-page");
        HorizontalLayout paging = new HorizontalLayout(previous, pageLabel, next);
        paging.setAlignItems(FlexComponent.Alignment.CENTER);

        add(new H2("Audit"), filters, grid, paging);
        show(0);
    }

    private void show(int wanted) {
        page = Math.max(0, wanted);
        AuditPage found = trail.search(filter(), page, PAGE_SIZE);
        grid.setItems(found.events());
        previous.setEnabled(page > 0);
        next.setEnabled(found.more());
        pageLabel.setText("Page " + (page + 1));
    }

    private AuditFilter filter() {
        return new AuditFilter(instant(from.getValue()), instant(to.getValue()), text(actor), text(action), text(target));
    }

    private static Instant instant(LocalDateTime at) {
        return at == null ? null : at.atZone(ZONE).toInstant();
    }

    private static String text(TextField field) {
        String v = field.getValue();
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String details(Map<String, Object> details) {
        return details == null ? "" : details.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
    }
}
