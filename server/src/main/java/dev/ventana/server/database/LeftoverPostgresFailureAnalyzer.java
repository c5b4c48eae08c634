package dev.ventana.server.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

class LeftoverPostgresFailureAnalyzer extends AbstractFailureAnalyzer<LeftoverPostgresException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, LeftoverPostgresException cause) {
        return new FailureAnalysis(
                "the embedded PostgreSQL that an earlier server left running in " + cause.dataDirectory()
                        + " (pid " + cause.pid() + ") did not stop when asked.",
                "Stop it with 'kill -INT " + cause.pid() + "', wait until it has gone, and start Ventana again.",
                cause);
    }
}
