package dev.ventana.server.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

import java.sql.SQLException;

/** Turns "cannot reach / cannot log into the external PostgreSQL" into one actionable line. */
class DatabaseFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {
    private final Environment environment;

    DatabaseFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        String state = cause.getSQLState() == null ? "" : cause.getSQLState();
        String url = environment.getProperty("spring.datasource.url");
        String where = url == null ? "the embedded database" : "the database at " + url;
        if (state.startsWith("08")) {
            return new FailureAnalysis("cannot connect to " + where + " (" + cause.getMessage() + ").",
                    "Start PostgreSQL or correct SPRING_DATASOURCE_URL; unset it to use the embedded database.", cause);
        }
        if (state.startsWith("28")) {
            return new FailureAnalysis("the database at " + url + " refused the credentials.",
                    "Check SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD.", cause);
        }
        if (state.equals("3D000")) {
            return new FailureAnalysis("the database named in " + url + " does not exist.",
                    "Create it (createdb) or correct SPRING_DATASOURCE_URL.", cause);
        }
        return null;
    }
}
