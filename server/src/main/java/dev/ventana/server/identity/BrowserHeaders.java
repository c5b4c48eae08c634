package dev.ventana.server.identity;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The browser protections of both filter chains, on every response. Spring Security's defaults
 * stay (X-Content-Type-Options: nosniff, no caching of authenticated answers, HSTS over HTTPS).
 */
final class BrowserHeaders {
    private BrowserHeaders() {
    }

    static void apply(HeadersConfigurer<HttpSecurity> headers) {
        headers
                // No page of Ventana is meant to be framed: clickjacking the viewer would steer a desktop.
                // frame-ancestors 'none' in every policy says the same to current browsers. Vaadin
                // leaves an X-Frame-Options it finds in place.
                .frameOptions(f -> f.deny())
                // Addresses hold session ids and a kiosk's device key; no page needs the referrer.
                .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                .addHeaderWriter(new ContentSecurityPolicies());
        // Written before the request goes on, not when the response is committed: Vaadin commits its
        // start page where that writing never sees it. The start page then replaces the policy with
        // its own, nonce and all (portal.ScriptNonces).
        headers.addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
            @Override
            public <O extends HeaderWriterFilter> O postProcess(O filter) {
                filter.setShouldWriteHeadersEagerly(true);
                return filter;
            }
        });
    }
}
