package dev.ventana.server.portal;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import dev.ventana.server.identity.SignInThrottled;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.web.WebAttributes;

@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Ventana")
@AnonymousAllowed
class LoginView extends VerticalLayout implements BeforeEnterObserver {
    private final LoginForm form = new LoginForm();

    LoginView() {
        addClassName("ventana-login");
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);

        form.setForgotPasswordButtonVisible(false);
        form.setAction("login");

        add(new H1("Ventana"), new Paragraph("Your desktops, in a browser tab."), form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        boolean failed = event.getLocation().getQueryParameters().getParameters().containsKey("error");
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        if (failed && lastFailure() instanceof SignInThrottled throttled) {
            // The password was not checked: saying "wrong password" would be untrue.
            i18n.getErrorMessage().setTitle("Sign-in paused");
            i18n.getErrorMessage().setMessage("Too many attempts; try again in " + throttled.retryAfterSeconds()
                    + " seconds.");
        } else {
            i18n.getErrorMessage().setTitle("Wrong username or password");
            i18n.getErrorMessage().setMessage("Check both and try again. Your administrator can reset a forgotten password.");
        }
        form.setI18n(i18n);
        form.setError(failed);
    }

    // Spring Security's failure handler keeps the last failure in the session for the page it redirects to.
    private static Object lastFailure() {
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        HttpSession session = request == null ? null : request.getHttpServletRequest().getSession(false);
        return session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    }
}
