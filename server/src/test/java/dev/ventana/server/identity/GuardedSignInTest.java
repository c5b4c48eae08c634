package dev.ventana.server.identity;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardedSignInTest {
    private final CountingEncoder encoder = new CountingEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
    private final String hash = encoder.encode("right password");
    private final UserDetailsService users = name -> {
        if (!name.equals("alice")) {
            throw new UsernameNotFoundException("no such user");
        }
        return User.withUsername("alice").password(hash).roles("USER").build();
    };
    private final List<Object> events = new ArrayList<>();
    private final SignInThrottle throttle = new SignInThrottle(
            new SignInLimits(3, 100, 0, Duration.ZERO, 100), new SignInThrottleTest.MovableClock());
    private final GuardedSignIn signIn = new GuardedSignIn(users, encoder, throttle, events::add);

    @Test
    void anUnknownNameStillCostsAPasswordHashComparisonAndGetsTheSameAnswer() {
        encoder.matches.set(0);
        BadCredentialsException unknown = refusal("nobody", "right password");
        // DaoAuthenticationProvider compares against a dummy hash: as slow as a wrong password.
        assertThat(encoder.matches).hasValue(1);
        BadCredentialsException wrong = refusal("alice", "wrong password");
        assertThat(encoder.matches).hasValue(2);
        assertThat(unknown).isExactlyInstanceOf(BadCredentialsException.class).hasMessage(wrong.getMessage());
        assertThat(wrong).isExactlyInstanceOf(BadCredentialsException.class);
    }

    @Test
    void aThrottledAttemptIsRefusedWithoutAnyPasswordCheckEvenWithTheRightPassword() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> signIn.authenticate(attempt("alice", "wrong password")));
        }
        encoder.matches.set(0);
        assertThatThrownBy(() -> signIn.authenticate(attempt("alice", "right password")))
                .isInstanceOfSatisfying(SignInThrottled.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(60));
        assertThat(encoder.matches).hasValue(0);
    }

    @Test
    void everyFailureIsPublishedWithTheNameAsTypedAndTheAddressButNoPassword() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> signIn.authenticate(attempt("Nobody ", "secret-guess")));
        }
        assertThat(events).hasSize(4).allSatisfy(e -> {
            assertThat(e).isInstanceOf(IdentityEvents.SignInFailed.class);
            assertThat(e.toString()).doesNotContain("secret-guess");
        });
        assertThat(events.get(0)).isEqualTo(new IdentityEvents.SignInFailed("Nobody ", "BadCredentialsException", "192.0.2.7"));
        assertThat(events.get(3)).isEqualTo(new IdentityEvents.SignInFailed("Nobody ", "rate_limited", "192.0.2.7"));
    }

    @Test
    void theRightPasswordSignsIn() {
        assertThat(signIn.authenticate(attempt("alice", "right password")).isAuthenticated()).isTrue();
    }

    private BadCredentialsException refusal(String name, String password) {
        try {
            signIn.authenticate(attempt(name, password));
            throw new AssertionError("signed in");
        } catch (BadCredentialsException e) {
            return e;
        }
    }

    private static UsernamePasswordAuthenticationToken attempt(String username, String password) {
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated(username, password);
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("192.0.2.7");
        token.setDetails(new WebAuthenticationDetails(request));
        return token;
    }

    /** Counts password hash comparisons, which is what an attacker would time. */
    private static final class CountingEncoder implements PasswordEncoder {
        private final PasswordEncoder real;
        final AtomicInteger matches = new AtomicInteger();

        CountingEncoder(PasswordEncoder real) {
            this.real = real;
        }

        @Override
        public String encode(CharSequence raw) {
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            matches.incrementAndGet();
            return real.matches(raw, encoded);
        }
    }
}
