package dev.ventana.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** What the integration tests take from this machine: free ports, the JDK, the paths the build passes in. */
public final class TestMachine {

    private TestMachine() {
    }

    /** A port nobody listens on now; the caller binds it (or relies on it staying closed) next. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The java of the JVM running the tests, to start the packaged jars with. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A system property the build sets (the pom, or -D in deploy/local/test.sh). */
    public static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("set -D" + property + " (deploy/local/test.sh does)");
        }
        return value;
    }
}
