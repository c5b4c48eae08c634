package dev.ventana.server.identity;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The viewer's WebSocket source follows the address the browser used, as forwarded headers make it. */
class ContentSecurityPoliciesTest {
    private final ContentSecurityPolicies policies = new ContentSecurityPolicies();

    @Test
    void overHttpsTheViewerMayOnlyUseWssToItsOwnHost() {
        MockHttpServletRequest request = viewer("ventana.example.org", 443, true);

        assertThat(policy(request)).contains("connect-src 'self' wss://ventana.example.org;").doesNotContain("ws:");
    }

    @Test
    void aPortOtherThanTheSchemesOwnIsNamed() {
        assertThat(policy(viewer("10.0.0.5", 8443, true))).contains("connect-src 'self' wss://10.0.0.5:8443;");
        assertThat(policy(viewer("[::1]", 8080, false))).contains("connect-src 'self' ws://[::1]:8080;");
    }

    @Test
    void aHostNameThatIsNoHostNameStaysOutOfTheHeader() {
        assertThat(policy(viewer("evil; script-src *", 80, false))).contains("connect-src 'self';")
                .doesNotContain("evil");
    }

    @Test
    void aPolicyAlreadySetIsKept() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setHeader(ContentSecurityPolicies.HEADER, "script-src 'nonce-x'");

        policies.writeHeaders(viewer("localhost", 8080, false), response);

        assertThat(response.getHeaders(ContentSecurityPolicies.HEADER)).containsExactly("script-src 'nonce-x'");
    }

    private static MockHttpServletRequest viewer(String host, int port, boolean secure) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/viewer/viewer.html");
        request.setServerName(host);
        request.setServerPort(port);
        request.setSecure(secure);
        return request;
    }

    private String policy(MockHttpServletRequest request) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        policies.writeHeaders(request, response);
        return response.getHeader(ContentSecurityPolicies.HEADER);
    }
}
