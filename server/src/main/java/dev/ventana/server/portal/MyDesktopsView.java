package dev.ventana.server.portal;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;

/** The user's home: the desktops they may launch or return to. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("My desktops · Ventana")
@PermitAll
class MyDesktopsView extends VerticalLayout {
    MyDesktopsView() {
        add(new H2("My desktops"), emptyState());
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
