package dev.ventana.server.portal;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.theme.lumo.LumoUtility;
import jakarta.annotation.security.PermitAll;

/** The frame of every signed-in page: navigation on the left, who is signed in on top. */
@PermitAll
class MainLayout extends AppLayout {
    MainLayout(AuthenticationContext auth) {
        Span brand = new Span("Ventana");
        brand.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.FontWeight.SEMIBOLD);

        String username = auth.getPrincipalName().orElse("");
        Span who = new Span(username);
        who.addClassName("ventana-username");
        Button signOut = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), e -> auth.logout());
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout account = new HorizontalLayout(who, signOut);
        account.setAlignItems(HorizontalLayout.Alignment.CENTER);
        account.addClassNames(LumoUtility.Margin.Left.AUTO, LumoUtility.Padding.Right.MEDIUM);

        addToNavbar(new DrawerToggle(), brand, account);

        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("My desktops", MyDesktopsView.class, VaadinIcon.DESKTOP.create()));
        if (auth.hasRole("ADMIN")) {
            SideNav admin = new SideNav("Admin");
            admin.addItem(new SideNavItem("Hosts", HostsView.class, VaadinIcon.SERVER.create()));
            admin.addItem(new SideNavItem("Sessions", SessionsView.class, VaadinIcon.DESKTOP.create()));
            admin.addItem(new SideNavItem("Pools", PoolsView.class, VaadinIcon.CLUSTER.create()));
            admin.addItem(new SideNavItem("Images", ImagesView.class, VaadinIcon.RECORDS.create()));
            admin.addItem(new SideNavItem("Packages", PackagesView.class, VaadinIcon.PACKAGE.create()));
            admin.addItem(new SideNavItem("Users", UsersView.class, VaadinIcon.USER.create()));
            admin.addItem(new SideNavItem("Groups", GroupsView.class, VaadinIcon.USERS.create()));
            admin.addItem(new SideNavItem("Audit", AuditView.class, VaadinIcon.LIST.create()));
            addToDrawer(nav, admin);
        } else {
            addToDrawer(nav);
        }
    }
}
