package dev.ventana.server.startup;

import dev.ventana.server.TestMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad start-up input ends the real server process (the packaged jar, as an operator runs it)
 * with one clear line and a non-zero exit, not a wall of stack traces.
 */
class StartupFailureIT {
    @TempDir
    Path temp;

    @Test
    void anUnwritableDataDirectory() throws Exception {
        Path notADirectory = Files.writeString(temp.resolve("a-file"), "x");

        Result result = start("--ventana.data-dir=" + notADirectory.resolve("data"));

        result.assertOneClearLine("the data directory " + notADirectory.resolve("data"), "VENTANA_DATA_DIR");
    }

    @Test
    void anUnreachableExternalDatabase() throws Exception {
        int closedPort = TestMachine.freePort();

        Result result = start("--ventana.data-dir=" + temp.resolve("data"),
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/ventana",
                "--spring.datasource.username=ventana", "--spring.datasource.password=secret-never-logged");

        result.assertOneClearLine("cannot connect to the database at jdbc:postgresql://127.0.0.1:" + closedPort,
                "SPRING_DATASOURCE_URL");
        assertThat(result.output()).doesNotContain("secret-never-logged");
    }

    @Test
    void aPortAlreadyInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            Result result = start("--ventana.data-dir=" + temp.resolve("data"), "--server.port=" + taken.getLocalPort());

            result.assertOneClearLine("Port " + taken.getLocalPort() + " was already in use", "port");
        }
    }

    private Result start(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("ventana.server.jar");
        assertThat(jar).as("failsafe passes the packaged jar as ventana.server.jar").isNotNull();
        List<String> command = new ArrayList<>(List.of(
                TestMachine.java(), "-jar", jar));
        command.addAll(List.of(args));
        Path log = temp.resolve("output.txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server neither started nor failed within 180 s:\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    record Result(int exitCode, String output) {
        void assertOneClearLine(String what, String whatToDo) {
            List<String> reports = output.lines().filter(l -> l.startsWith("Ventana cannot start: ")).toList();
            assertThat(exitCode).as(output).isNotZero();
            assertThat(reports).as(output).hasSize(1);
            assertThat(reports.getFirst()).contains(what).contains("What to do:").contains(whatToDo);
            assertThat(output.lines().filter(l -> l.startsWith("\tat ") || l.startsWith("Caused by:")))
                    .as("no stack traces in:\n" + output).isEmpty();
            assertThat(output.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")))
                    .as("no warnings or errors besides the one line in:\n" + output).isEmpty();
        }
    }
}
