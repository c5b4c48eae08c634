package dev.ventana.server.portal;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.ventana.server.broker.DataDisk;
import dev.ventana.server.broker.Desktop;
import dev.ventana.server.broker.DesktopSession;
import dev.ventana.server.broker.PoolKind;
import dev.ventana.server.broker.SessionBroker;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.identity.UserDirectory;
import jakarta.annotation.security.PermitAll;

import java.util.List;

/** The user's home: the desktops and applications they may launch or return to, each kind apart. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("My desktops · Ventana")
@PermitAll
class MyDesktopsView extends VerticalLayout {
    private final SessionBroker broker;
    private final UserAccount user;
    private final Div cards = new Div();
    private final H2 applicationsTitle = new H2("Applications");
    private final Div applications = new Div();

    MyDesktopsView(SessionBroker broker, UserDirectory users, AuthenticationContext auth) {
        this.broker = broker;
        this.user = users.find(auth.getPrincipalName().orElseThrow()).orElseThrow();
        cards.addClassName("ventana-desktops");
        applications.addClassNames("ventana-desktops", "ventana-applications");
        add(new H2("My desktops"), cards, applicationsTitle, applications);
        refresh();
    }

    private void refresh() {
        cards.removeAll();
        applications.removeAll();
        List<Desktop> all = broker.desktopsOf(user);
        if (all.isEmpty()) {
            cards.add(emptyState());
        }
        all.forEach(d -> (d.pool().kind() == PoolKind.APPLICATION ? applications : cards).add(card(d)));
        boolean anyApplication = applications.getComponentCount() > 0;
        applicationsTitle.setVisible(anyApplication);
        applications.setVisible(anyApplication);
    }

    private Div card(Desktop desktop) {
        Div card = new Div();
        card.addClassName("ventana-desktop");
        String status = desktop.session().map(MyDesktopsView::describe)
                .orElse(desktop.pool().published() ? "Ready to start" : "Not available yet");
        Button open = new Button(desktop.session().isPresent() ? "Resume" : "Launch", VaadinIcon.PLAY.create(),
                e -> open(desktop));
        open.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        open.setEnabled(desktop.pool().published() || desktop.session().isPresent());
        HorizontalLayout actions = new HorizontalLayout(open);
        desktop.session().ifPresent(s -> {
            Button end = new Button("Log off", VaadinIcon.POWER_OFF.create(), e -> endSession(s));
            end.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            actions.add(end);
        });
        card.add(PoolIcons.of(desktop.pool().icon()), new H3(desktop.pool().displayName()), new Paragraph(status), actions);
        return card;
    }

    private static String describe(DesktopSession session) {
        return switch (session.state()) {
            case PLACING, STARTING -> "Starting…";
            case RUNNING -> session.dataDisk() == DataDisk.READ_ONLY
                    ? "Running, your files read-only — another session has them open"
                    : "Running — your session is waiting for you";
            case STOPPING -> "Logging off…";
            case STOPPED, FAILED, LOST -> "Ended";
        };
    }

    private void open(Desktop desktop) {
        try {
            DesktopSession session = broker.launch(user, desktop.pool().name());
            UI.getCurrent().getPage().setLocation("viewer/viewer.html?session=" + session.id());
        } catch (VentanaException e) {
            Feedback.error(e.getMessage());
            refresh();
        }
    }

    private void endSession(DesktopSession session) {
        try {
            broker.endSession(user, session.id());
        } catch (VentanaException e) {
            Feedback.error(e.getMessage());
        }
        refresh();
    }

    private static Div emptyState() {
        Div empty = new Div();
        empty.addClassName("ventana-empty-state");
        empty.add(VaadinIcon.DESKTOP.create(),
                new Paragraph("No desktops yet."),
                new Paragraph("When your administrator gives you a desktop, it appears here, ready to open in this tab."));
        return empty;
    }
}
