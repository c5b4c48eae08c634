package dev.ventana.server.portal;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.communication.IndexHtmlResponse;
import dev.ventana.server.identity.ContentSecurityPolicies;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Gives every Vaadin start page a fresh nonce on its script elements and in its
 * Content-Security-Policy, so that the page's own inline start script runs without
 * 'unsafe-inline' for scripts, and a script injected into the page would not.
 */
@Component
class ScriptNonces implements VaadinServiceInitListener {
    private final SecureRandom random = new SecureRandom();

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.addIndexHtmlRequestListener(this::sign);
    }

    private void sign(IndexHtmlResponse page) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String nonce = Base64.getEncoder().encodeToString(bytes);
        page.getVaadinResponse().setHeader(ContentSecurityPolicies.HEADER, ContentSecurityPolicies.vaadin(nonce));
        page.getDocument().getElementsByTag("script").attr("nonce", nonce);
    }
}
