package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A pool's JSON fields (docs/api.md) laid over settings: on creation over the defaults, on a
 * PATCH over the pool's current settings, so a field left out keeps its value and a field sent
 * as null switches it off (maxSessions, the three timeouts).
 */
final class PoolForm {
    static final Set<String> CREATE_ONLY = Set.of("name", "image", "kind");
    private static final Set<String> FIELDS = Set.of("displayName", "version", "application", "vcpus", "memoryMiB",
            "network", "maxSessions", "enabled", "openToAllUsers", "disconnectTimeoutSeconds", "idleTimeoutSeconds",
            "maxSessionLengthSeconds", "instantOn", "pageSharing", "clipboard", "resize", "maxWidth", "maxHeight");

    private PoolForm() {
    }

    /** The settings a creation body asks for; {@code version} stays null for the image's newest. */
    static PoolSettings create(JsonNode body) {
        object(body);
        PoolKind kind = PoolKind.DESKTOP;
        if (body.has("kind")) {
            kind = parse(PoolKind.class, text(body, "kind"), "kind");
        }
        String display = body.has("displayName") ? text(body, "displayName") : text(body, "name");
        PoolSettings defaults = PoolSettings.desktop(display == null ? "" : display, null);
        return apply(new PoolSettings(defaults.displayName(), null, kind, text(body, "application"), defaults.vcpus(),
                defaults.memoryMib(), defaults.network(), null, true, false, defaults.policy(), defaults.instantOn(),
                defaults.pageSharing(), defaults.display()), body, true);
    }

    /** {@code current} with the body's fields changed. */
    static PoolSettings patch(PoolSettings current, JsonNode body) {
        object(body);
        for (String f : CREATE_ONLY) {
            if (body.has(f)) {
                throw bad("'" + f + "' is set when a pool is created and cannot be changed; create another pool.");
            }
        }
        return apply(current, body, false);
    }

    private static PoolSettings apply(PoolSettings s, JsonNode body, boolean creating) {
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!FIELDS.contains(field.getKey()) && !(creating && CREATE_ONLY.contains(field.getKey()))) {
                throw bad("Unknown field '" + field.getKey() + "'; a pool has " + FIELDS + ".");
            }
        }
        SessionPolicy p = s.policy();
        DisplayPolicy d = s.display();
        return new PoolSettings(
                body.has("displayName") ? text(body, "displayName") : s.displayName(),
                body.has("version") ? text(body, "version") : s.version(),
                s.kind(),
                body.has("application") ? text(body, "application") : s.application(),
                body.has("vcpus") ? integer(body, "vcpus", false) : s.vcpus(),
                body.has("memoryMiB") ? integer(body, "memoryMiB", false) : s.memoryMib(),
                body.has("network") ? parse(PoolNetwork.class, text(body, "network"), "network") : s.network(),
                body.has("maxSessions") ? integer(body, "maxSessions", true) : s.maxSessions(),
                body.has("enabled") ? bool(body, "enabled") : s.enabled(),
                body.has("openToAllUsers") ? bool(body, "openToAllUsers") : s.openToAllUsers(),
                new SessionPolicy(
                        body.has("disconnectTimeoutSeconds") ? seconds(body, "disconnectTimeoutSeconds") : p.disconnectTimeout(),
                        body.has("idleTimeoutSeconds") ? seconds(body, "idleTimeoutSeconds") : p.idleTimeout(),
                        body.has("maxSessionLengthSeconds") ? seconds(body, "maxSessionLengthSeconds") : p.maxLength()),
                body.has("instantOn") ? bool(body, "instantOn") : s.instantOn(),
                body.has("pageSharing") ? bool(body, "pageSharing") : s.pageSharing(),
                new DisplayPolicy(
                        body.has("clipboard") ? parse(DisplayPolicy.Clipboard.class, text(body, "clipboard"), "clipboard")
                                : d.clipboard(),
                        body.has("resize") ? bool(body, "resize") : d.resize(),
                        body.has("maxWidth") ? integer(body, "maxWidth", false) : d.maxWidth(),
                        body.has("maxHeight") ? integer(body, "maxHeight", false) : d.maxHeight()));
    }

    private static void object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw bad("The body must be a JSON object of pool fields (docs/api.md).");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw bad("'" + field + "' must be a string.");
        }
        return v.asString();
    }

    private static Integer integer(JsonNode body, String field, boolean nullable) {
        JsonNode v = body.get(field);
        if (v.isNull() && nullable) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw bad("'" + field + "' must be a whole number" + (nullable ? ", or null for none." : "."));
        }
        return v.asInt();
    }

    private static Duration seconds(JsonNode body, String field) {
        Integer s = integer(body, field, true);
        return s == null ? null : Duration.ofSeconds(s);
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (!v.isBoolean()) {
            throw bad("'" + field + "' must be true or false.");
        }
        return v.asBoolean();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            throw bad("'" + field + "' must be one of " + java.util.Arrays.toString(type.getEnumConstants()) + ".");
        }
    }

    private static VentanaException bad(String message) {
        return new VentanaException(ErrorKind.BAD_REQUEST, message);
    }
}
