package dev.ventana.host.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The display's parts depend on each other one way only (see package-info): the wire protocol
 * knows no pixels, the codecs no frames, the frames and the sources nothing of each other, and
 * only the endpoint ties them together. Read from the sources' imports, so no library is needed.
 */
class DisplayPackagesTest {
    private static final Path MAIN = Path.of("src/main/java/dev/ventana/host/display");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.ventana\\.host\\.display\\.(\\w+)\\.", Pattern.MULTILINE);
    /** Sub-package -> the sub-packages it may import; the root's shared types are open to all. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "", Set.of(),
            "protocol", Set.of(),
            "codec", Set.of("protocol"),
            "frame", Set.of("protocol", "codec"),
            "source", Set.of("protocol"),
            "endpoint", Set.of("protocol", "codec", "frame", "source"));

    @Test
    void dependenciesRunOneWay() throws IOException {
        assertThat(MAIN).as("run from the session-host module").isDirectory();
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                Path dir = MAIN.relativize(f.getParent());
                String part = dir.toString();
                Set<String> allowed = ALLOWED.get(part);
                if (allowed == null) {
                    wrong.add(f + ": a sub-package the display's layout does not name");
                    return;
                }
                Matcher m = IMPORT.matcher(read(f));
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(part) && Character.isLowerCase(used.charAt(0)) && !allowed.contains(used)) {
                        wrong.add(f + " uses " + used);
                    }
                }
            });
        }
        assertThat(wrong).isEmpty();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
