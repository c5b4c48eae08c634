package dev.ventana.server.hosts;

import dev.ventana.server.errors.ProblemWriter;
import dev.ventana.server.errors.VentanaException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Machine-to-machine calls carry the farm token instead of a user's: the hosts' heartbeats and
 * Prometheus scraping the server's metrics. Ahead of the user API's chain, whose JWT check would
 * take the farm token for a bad user token.
 */
@Configuration(proxyBeanMethods = false)
class FarmSecurity {

    @Bean
    @Order(0)
    SecurityFilterChain farm(HttpSecurity http, FarmToken token, ProblemWriter problems) throws Exception {
        return http
                .securityMatcher("/api/v1/farm/**", "/actuator/prometheus")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .addFilterAfter(new FarmTokenCheck(token, problems), SecurityContextHolderFilter.class)
                .build();
    }

    private static final class FarmTokenCheck extends OncePerRequestFilter {
        private final FarmToken token;
        private final ProblemWriter problems;

        FarmTokenCheck(FarmToken token, ProblemWriter problems) {
            this.token = token;
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try {
                token.check(request.getHeader("Authorization"));
            } catch (VentanaException e) {
                problems.write(response, e.kind(), e.getMessage());
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
