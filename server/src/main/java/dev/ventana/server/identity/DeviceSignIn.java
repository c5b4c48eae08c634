package dev.ventana.server.identity;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Signs a browser in as an account without a password, for a credential that another module
 * has already checked (a kiosk's device key). The result is the same session cookie as a form
 * sign-in, so the viewer's ticket calls work unchanged.
 */
@Component
public class DeviceSignIn {
    private final UserDirectory users;
    private final ApplicationEventPublisher events;
    private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    private final SignInCookie signInCookie;

    DeviceSignIn(UserDirectory users, ApplicationEventPublisher events, SignInCookie signInCookie) {
        this.users = users;
        this.events = events;
        this.signInCookie = signInCookie;
    }

    public UserAccount signIn(String username, String device, HttpServletRequest request, HttpServletResponse response) {
        // A device's credential is an address on a screen anyone walks past, with no password:
        // never an administrator's sign-in (also when the account was promoted after registration).
        UserAccount user = users.find(username).filter(UserAccount::enabled).filter(u -> !u.isAdmin()).orElseThrow(() ->
                new VentanaException(ErrorKind.FORBIDDEN, "The kiosk's account is missing, disabled or an administrator's."));
        if (request.getSession(false) != null) {
            request.changeSessionId(); // no session fixation through a kiosk URL
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        UsernamePasswordAuthenticationToken authentication =
                UsernamePasswordAuthenticationToken.authenticated(user.username(), null, user.authorities());
        context.setAuthentication(authentication);
        contexts.saveContext(context, request, response);
        // A kiosk stays signed in across a server restart like anyone else.
        signInCookie.services().loginSuccess(request, response, authentication);
        events.publishEvent(new IdentityEvents.SignedIn(user.username() + " (kiosk " + device + ")"));
        return user;
    }
}
