package dev.ventana.server.identity;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

@RestController
@RequestMapping("/api/v1")
class AuthController {
    private final AuthenticationManager authentication;
    private final UserDirectory users;
    private final ApiTokens tokens;

    AuthController(AuthenticationManager authentication, UserDirectory users, ApiTokens tokens) {
        this.authentication = authentication;
        this.users = users;
        this.tokens = tokens;
    }

    record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + "]";
        }
    }

    record TokenResponse(String token, String tokenType, Instant expiresAt) {
    }

    record Me(String username, String displayName, List<String> roles) {
    }

    @Operation(summary = "Exchange a username and password for a short-lived bearer token")
    @PostMapping("/auth/token")
    TokenResponse token(@RequestBody Credentials credentials) {
        if (credentials == null || credentials.username() == null || credentials.password() == null) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "Send {\"username\": ..., \"password\": ...}.");
        }
        Authentication signedIn;
        try {
            signedIn = authentication.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated(credentials.username(), credentials.password()));
        } catch (AuthenticationException e) {
            // One message for every cause: no hint whether the username or the password was wrong.
            throw new VentanaException(ErrorKind.UNAUTHORIZED, "Wrong username or password.");
        }
        ApiTokens.IssuedToken issued = tokens.issue(users.find(signedIn.getName()).orElseThrow());
        return new TokenResponse(issued.token(), "Bearer", issued.expiresAt());
    }

    @Operation(summary = "The signed-in user's name and roles")
    @GetMapping("/me")
    Me me(Authentication caller) {
        UserAccount user = users.signedIn(caller.getName());
        return new Me(user.username(), user.displayName(), user.roles().stream().map(Role::name).sorted().toList());
    }
}
