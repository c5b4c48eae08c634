package dev.ventana.server.identity;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.Problems;
import dev.ventana.server.errors.VentanaException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.bind.annotation.ExceptionHandler;
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
    TokenResponse token(@RequestBody Credentials credentials, HttpServletRequest request) {
        if (credentials == null || credentials.username() == null || credentials.password() == null) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "Send {\"username\": ..., \"password\": ...}.");
        }
        UsernamePasswordAuthenticationToken attempt =
                UsernamePasswordAuthenticationToken.unauthenticated(credentials.username(), credentials.password());
        // The client address, for the throttle and the audit trail, as the form login attaches it.
        attempt.setDetails(new WebAuthenticationDetails(request));
        Authentication signedIn;
        try {
            signedIn = authentication.authenticate(attempt);
        } catch (SignInThrottled e) {
            throw e;
        } catch (AuthenticationException e) {
            // One message for every cause: no hint whether the username or the password was wrong.
            throw new VentanaException(ErrorKind.UNAUTHORIZED, "Wrong username or password.");
        }
        ApiTokens.IssuedToken issued = tokens.issue(users.find(signedIn.getName()).orElseThrow());
        return new TokenResponse(issued.token(), "Bearer", issued.expiresAt());
    }

    /** 429 with Retry-After: the same for a known and an unknown name, and no password was checked. */
    @ExceptionHandler(SignInThrottled.class)
    ResponseEntity<ProblemDetail> throttled(SignInThrottled e) {
        return ResponseEntity.status(ErrorKind.TOO_MANY_REQUESTS.status())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(ErrorKind.TOO_MANY_REQUESTS, e.getMessage()));
    }

    @Operation(summary = "The signed-in user's name and roles")
    @GetMapping("/me")
    Me me(Authentication caller) {
        UserAccount user = users.signedIn(caller.getName());
        return new Me(user.username(), user.displayName(), user.roles().stream().map(Role::name).sorted().toList());
    }
}
