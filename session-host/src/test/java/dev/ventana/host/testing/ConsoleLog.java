package dev.ventana.host.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The guest's serial console as QEMU logs it: how tests read command output as text. */
public record ConsoleLog(Path file) {
    public String text() {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public boolean contains(String s) {
        return text().contains(s);
    }
}
