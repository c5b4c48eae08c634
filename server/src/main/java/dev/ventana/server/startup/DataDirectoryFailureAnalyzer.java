package dev.ventana.server.startup;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

class DataDirectoryFailureAnalyzer extends AbstractFailureAnalyzer<DataDirectoryUnusableException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryUnusableException cause) {
        String why = switch (cause.getCause()) {
            case AccessDeniedException ignored -> "permission denied";
            case FileSystemException fs when fs.getReason() != null -> fs.getReason().toLowerCase();
            case Throwable other -> other.getClass().getSimpleName() + " " + other.getMessage();
        };
        return new FailureAnalysis(
                "the data directory " + cause.directory() + " is not writable (" + why + ").",
                "Fix its permissions, or point VENTANA_DATA_DIR at a writable directory.",
                cause);
    }
}
