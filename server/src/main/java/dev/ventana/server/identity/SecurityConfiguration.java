package dev.ventana.server.identity;

import jakarta.servlet.DispatcherType;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.ProblemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.rememberme.RememberMeAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

import java.time.Clock;
import java.time.Duration;

/**
 * Two doors: the REST API (stateless, bearer tokens, problem JSON on refusal) and the Vaadin UI
 * (form login, a session cookie). Admin functions need ADMIN in both.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ProblemWriter problems, BearerAuthentication bearer,
                            SignInCookie signIn, UserDirectory users)
            throws Exception {
        return http
                .securityMatcher("/api/**", "/actuator/**", "/v3/api-docs/**")
                .authorizeHttpRequests(a -> a
                        // An asynchronous answer's second dispatch (a ticket request that waited for its
                        // desktop) was authorized as a request; a bearer token is not kept for it.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/api/v1/auth/token", "/actuator/health/**", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/api/v1/admin/**", "/actuator/**").hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated())
                // Scripts send bearer tokens; the viewer page calls with the portal's session cookie.
                // No session is ever created here, and cookie calls must prove they are same-origin.
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .securityContext(c -> c.securityContextRepository(new HttpSessionSecurityContextRepository()))
                .csrf(c -> c.disable())
                .headers(BrowserHeaders::apply)
                .addFilterBefore(new SameOriginRequests(problems), BearerTokenAuthenticationFilter.class)
                // After a restart the session is gone; the viewer's calls then sign in by the sign-in cookie.
                .rememberMe(r -> r.rememberMeServices(signIn.services()))
                .addFilterAfter(new CurrentRoles(users), RememberMeAuthenticationFilter.class)
                .oauth2ResourceServer(o -> o
                        .jwt(j -> j.jwtAuthenticationConverter(bearer))
                        .authenticationEntryPoint((req, res, e) ->
                                problems.write(res, ErrorKind.UNAUTHORIZED, "A valid bearer token is required."))
                        .accessDeniedHandler((req, res, e) ->
                                problems.write(res, ErrorKind.FORBIDDEN, "You are not allowed to do this.")))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) ->
                                problems.write(res, ErrorKind.UNAUTHORIZED, "A valid bearer token is required."))
                        .accessDeniedHandler((req, res, ex) ->
                                problems.write(res, ErrorKind.FORBIDDEN, "You are not allowed to do this.")))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain ui(HttpSecurity http, SignInCookie signIn, UserDirectory users) throws Exception {
        // Vaadin checks views by their annotations; the URL rule also answers a direct request
        // for an admin page with 403 instead of rendering Vaadin's not-found page.
        // Own static files (styles, the viewer) hold no secrets; Vaadin would deny them otherwise.
        http.authorizeHttpRequests(a -> a
                .requestMatchers("/admin", "/admin/**").hasRole(Role.ADMIN.name())
                .requestMatchers("/ventana.css", "/viewer/**").permitAll()
                // The display WebSocket authenticates by its single-use ticket (gateway.DisplayRelay).
                .requestMatchers("/ws/display").permitAll()
                // A kiosk signs in with the device key in its start address (kiosk.KioskController).
                .requestMatchers("/kiosk/*").permitAll());
        http.rememberMe(r -> r.rememberMeServices(signIn.services()));
        http.addFilterAfter(new CurrentRoles(users), RememberMeAuthenticationFilter.class);
        http.headers(BrowserHeaders::apply);
        return http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView("/login"))
                .build();
    }

    /**
     * Every cookie (the session's and the sign-in cookie) is SameSite=Lax: another site's page
     * cannot post with it, and a link from elsewhere still opens the portal signed in. Both are
     * HttpOnly, and Secure whenever the request came over HTTPS (also through a proxy that says so).
     */
    @Bean
    CookieSameSiteSupplier sameSiteCookies() {
        return CookieSameSiteSupplier.ofLax();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        // bcrypt today, with the algorithm stored in each hash so a later switch re-hashes gradually.
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    SignInLimits signInLimits(@Value("${ventana.sign-in.per-account-per-minute:5}") int perAccount,
                              @Value("${ventana.sign-in.per-address-per-minute:20}") int perAddress,
                              @Value("${ventana.sign-in.max-failures:10}") int maxFailures,
                              @Value("${ventana.sign-in.lockout:15m}") Duration lockout) {
        // 10,000 names and addresses each: a few megabytes at most, however many names a flood invents.
        return new SignInLimits(perAccount, perAddress, maxFailures, lockout, 10_000);
    }

    @Bean
    AuthenticationManager authenticationManager(AuthenticationConfiguration configuration) throws Exception {
        return configuration.getAuthenticationManager();
    }

    @Bean
    JwtEncoder jwtEncoder(SigningKey key) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(key.key()));
    }

    @Bean
    JwtDecoder jwtDecoder(SigningKey key, Clock clock) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key.key()).macAlgorithm(MacAlgorithm.HS256).build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(5));
        timestamps.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, new JwtIssuerValidator(ApiTokens.ISSUER)));
        return decoder;
    }
}
