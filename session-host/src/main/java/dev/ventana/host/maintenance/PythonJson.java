package dev.ventana.host.maintenance;

import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * JSON text exactly as Python's {@code json.dump(value, indent=2, sort_keys=True)} writes it
 * (deploy/packages/make.sh writes package manifests so): keys sorted, two-space indent, ": " and
 * ",", empty containers as {@code {}} and {@code []}, everything outside printable ASCII escaped
 * as {@code \\uxxxx} in lower-case hex. A version's id hashes these bytes, so a manifest the host
 * writes reads like one the script wrote. Strings, integers, booleans, null, objects and arrays.
 */
final class PythonJson {
    private PythonJson() {
    }

    static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, 0, out);
        return out.toString();
    }

    private static void write(JsonNode node, int depth, StringBuilder out) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = node.properties().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    Map.Entry::getValue, (a, b) -> b, java.util.TreeMap::new));
            if (fields.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            String sep = "\n";
            for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
                out.append(sep).append("  ".repeat(depth + 1));
                string(e.getKey(), out);
                out.append(": ");
                write(e.getValue(), depth + 1, out);
                sep = ",\n";
            }
            out.append('\n').append("  ".repeat(depth)).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            String sep = "\n";
            for (JsonNode e : node) {
                out.append(sep).append("  ".repeat(depth + 1));
                write(e, depth + 1, out);
                sep = ",\n";
            }
            out.append('\n').append("  ".repeat(depth)).append(']');
        } else if (node.isString()) {
            string(node.asString(), out);
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        } else if (node.isBoolean()) {
            out.append(node.asBoolean() ? "true" : "false");
        } else if (node.isNull()) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("no Python-style JSON for " + node.getNodeType());
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
