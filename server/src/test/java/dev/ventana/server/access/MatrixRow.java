package dev.ventana.server.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One row of src/test/resources/authorization-matrix.txt: an operation as the OpenAPI document
 * names it, the request that exercises it, its body, and the status each principal must get.
 *
 * @param documented false for a row marked {@code ~}: served outside the OpenAPI document
 *                   (actuator), so the completeness check does not look for it there
 */
record MatrixRow(int line, boolean documented, String method, String path, String request, String body,
                 Map<Principal, Integer> expected) {
    static final String RESOURCE = "/authorization-matrix.txt";

    /** "GET /api/v1/me": how the OpenAPI check and the failure messages name it. */
    String operation() {
        return method + " " + path;
    }

    static List<MatrixRow> load() {
        try (InputStream in = MatrixRow.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<MatrixRow> rows = new ArrayList<>();
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (!line.isBlank() && !line.strip().startsWith("#")) {
                    rows.add(parse(number, line));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code [~]METHOD /path | request or - | body or - | one status per principal, in Principal's order}. */
    static MatrixRow parse(int number, String line) {
        String[] cells = line.split("\\|", -1);
        if (cells.length != 4) {
            throw new IllegalArgumentException(RESOURCE + ":" + number + ": expected 4 cells separated by |: " + line);
        }
        String operation = cells[0].strip();
        boolean documented = !operation.startsWith("~");
        String[] methodAndPath = operation.replaceFirst("^~", "").split("\\s+");
        String[] statuses = cells[3].strip().split("\\s+");
        if (methodAndPath.length != 2 || statuses.length != Principal.values().length) {
            throw new IllegalArgumentException(RESOURCE + ":" + number + ": expected METHOD /path and "
                    + Principal.values().length + " statuses " + List.of(Principal.values()) + ": " + line);
        }
        Map<Principal, Integer> expected = new EnumMap<>(Principal.class);
        for (Principal p : Principal.values()) {
            expected.put(p, Integer.parseInt(statuses[p.ordinal()]));
        }
        String request = cells[1].strip();
        String body = cells[2].strip();
        return new MatrixRow(number, documented, methodAndPath[0], methodAndPath[1],
                request.equals("-") ? methodAndPath[1] : request, body.equals("-") ? null : body, expected);
    }
}
