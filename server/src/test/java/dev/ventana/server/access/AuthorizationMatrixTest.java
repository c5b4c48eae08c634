package dev.ventana.server.access;

import dev.ventana.server.Http;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every operation of the OpenAPI document, called by every principal (anonymous, the farm, a
 * kiosk, another user, the owner, an admin) on the owner's resources, must get the status that
 * src/test/resources/authorization-matrix.txt gives it. A new endpoint fails the build until
 * its row is written: the table and the document must name the same operations.
 */
class AuthorizationMatrixTest extends MatrixTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Map<Integer, String> REFUSALS = Map.of(401, "UNAUTHORIZED", 403, "FORBIDDEN", 404, "NOT_FOUND");

    private final List<MatrixRow> table = MatrixRow.load();
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theTableAndTheOpenApiDocumentNameTheSameOperations() {
        JsonNode paths = JsonMapper.builder().build().readTree(new Http(port).get("/v3/api-docs").body()).get("paths");
        Set<String> documented = new TreeSet<>();
        paths.properties().forEach(path -> path.getValue().properties().stream()
                .filter(op -> METHODS.contains(op.getKey()))
                .forEach(op -> documented.add(op.getKey().toUpperCase() + " " + path.getKey())));
        Set<String> rows = table.stream().filter(MatrixRow::documented).map(MatrixRow::operation)
                .collect(Collectors.toCollection(TreeSet::new));

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(minus(documented, rows)).as("OpenAPI operations without a row in " + MatrixRow.RESOURCE
                + " (add one; see docs/api.md, \"Authorization matrix\")").isEmpty();
        soft.assertThat(minus(rows, documented)).as("rows of " + MatrixRow.RESOURCE + " whose operation the OpenAPI"
                + " document does not have (mark a route served outside it with ~)").isEmpty();
        soft.assertThat(table.stream().map(MatrixRow::operation).distinct().count()).as("one row per operation")
                .isEqualTo(table.size());
        soft.assertAll();
    }

    /**
     * The OpenAPI document leaves out what is not a REST controller (the kiosk's start page): the
     * server's own routes, as Spring MVC maps them, must each have a row too.
     */
    @Test
    void everyRouteOfTheServersControllersHasARow() {
        Set<String> routes = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (handler.getBeanType().getPackageName().startsWith("dev.ventana.")) { // not springdoc's, not /error
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                info.getPatternValues().forEach(pattern -> (methods.isEmpty() ? Set.of("ANY") : methods)
                        .forEach(method -> routes.add(method + " " + pattern)));
            }
        });
        Set<String> rows = table.stream().map(MatrixRow::operation).collect(Collectors.toSet());

        assertThat(routes).isNotEmpty();
        assertThat(minus(routes, rows)).as("routes without a row in " + MatrixRow.RESOURCE).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyOperationAsEveryPrincipal() {
        return table.stream().map(row -> dynamicTest(row.operation(), () -> check(row)));
    }

    /**
     * The cookie-borne principal, the kiosk, once more without the viewer's X-Ventana-Request
     * header, as a form on another site would call: every changing call of the user API is
     * refused before it does anything (identity.SameOriginRequests).
     */
    @Test
    void noChangingCallRidesOnTheCookieWithoutTheSameOriginHeader() {
        MatrixFixture.Resources resources = fixture.fresh();
        try {
            SoftAssertions soft = new SoftAssertions();
            table.stream().filter(row -> !row.method().equals("GET") && row.path().startsWith("/api/v1/")
                    && !row.path().startsWith("/api/v1/farm/")).forEach(row -> {
                        String body = row.body() == null || row.body().startsWith("@") ? null : fixture.fill(row.body(), resources);
                        for (String authorization : new String[] {null, "Basic bXgtb3duZXI6bm90LWEtcGFzc3dvcmQ="}) {
                            HttpResponse<String> response = callers.kioskCrossSite(row.method(),
                                    fixture.fill(row.request(), resources), body, "application/json", authorization);
                            String cell = row.operation() + " with Authorization " + authorization;
                            soft.assertThat(response.statusCode()).as(cell + ": " + response.body()).isEqualTo(403);
                            soft.assertThat(response.body()).as(cell).contains("X-Ventana-Request");
                        }
                    });
            soft.assertAll();
        } finally {
            fixture.retire(resources);
        }
    }

    private void check(MatrixRow row) {
        MatrixFixture.Resources resources = fixture.fresh();
        try {
            String path = fixture.fill(row.request(), resources);
            String body = row.body() == null ? null : row.body().equals("@tar") ? "" : fixture.fill(row.body(), resources);
            String type = "@tar".equals(row.body()) ? "application/x-tar" : "application/json";
            SoftAssertions soft = new SoftAssertions();
            for (Principal who : Principal.values()) {
                HttpResponse<String> response = callers.call(who, row.method(), path, body, type);
                int expected = row.expected().get(who);
                String cell = row.operation() + " as " + who + " (" + MatrixRow.RESOURCE + ":" + row.line() + ")";
                soft.assertThat(response.statusCode()).as(cell + ": " + response.body()).isEqualTo(expected);
                if (REFUSALS.containsKey(expected) && response.statusCode() == expected
                        && (path.startsWith("/api/") || path.startsWith("/actuator/"))) {
                    // The API's refusals speak the error vocabulary (docs/protocol.md), not a login page;
                    // the console's pages and the kiosk's start page answer in HTML, for people.
                    soft.assertThat(response.body()).as(cell).contains("\"error\":\"" + REFUSALS.get(expected) + "\"");
                }
            }
            soft.assertAll();
        } finally {
            fixture.retire(resources);
        }
    }

    private static Set<String> minus(Set<String> these, Set<String> those) {
        Set<String> left = new TreeSet<>(these);
        left.removeAll(those);
        return left;
    }
}
