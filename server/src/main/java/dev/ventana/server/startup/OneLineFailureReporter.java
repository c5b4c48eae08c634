package dev.ventana.server.startup;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Start-up failures that Ventana or Spring Boot understand become one line on stderr saying
 * what is wrong and what to do, instead of Boot's multi-line banner and a stack trace.
 */
public class OneLineFailureReporter implements FailureAnalysisReporter {
    @Override
    public void report(FailureAnalysis analysis) {
        System.err.println("Ventana cannot start: " + oneLine(analysis.getDescription())
                + " What to do: " + oneLine(analysis.getAction()));
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
