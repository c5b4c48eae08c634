package dev.ventana.server.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ventana.server.startup.DataDirectory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

/**
 * The all-in-one default: with no {@code spring.datasource.url}, the server runs a real
 * PostgreSQL 17 of its own, kept under the data directory across restarts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);
    // A fast shutdown takes well under a second; a checkpoint of a busy database can take longer.
    /** The exit code when the embedded PostgreSQL died and could not be started again. */
    static final int EXIT_POSTGRES_LOST = 75;
    private final LeftoverPostgres leftover = new LeftoverPostgres(Duration.ofSeconds(30));

    @Bean(destroyMethod = "close")
    PostgresSupervisor embeddedPostgres(DataDirectory data, @Value("${ventana.database.port:0}") int port,
                                        @Value("${ventana.database.restart-within:60s}") Duration restartWithin) {
        Path dir = data.resolve("postgres");
        PostgresSupervisor postgres = new PostgresSupervisor(p -> start(dir, p), dir, restartWithin,
                () -> System.exit(EXIT_POSTGRES_LOST));
        try {
            leftover.stopIfRunning(dir);
            log.info("Starting the embedded PostgreSQL in {}", dir);
            postgres.start(port);
            log.info("Embedded PostgreSQL listening on 127.0.0.1:{}", postgres.port());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not start in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the embedded PostgreSQL", e);
        }
    }

    /** The embedded PostgreSQL as the server runs it. */
    static EmbeddedPostgres start(Path dir, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                // zonky wipes its data directory by default; the users' data must survive.
                .setCleanDataDirectory(false)
                // zonky turns it off for tests' speed; a commit must survive PostgreSQL's crash.
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(60));
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(PostgresSupervisor postgres) {
        HikariConfig config = new HikariConfig();
        // The same URL after a restart: the supervisor keeps the port.
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername("postgres");
        config.setMaximumPoolSize(10);
        config.setPoolName("ventana-embedded");
        return new HikariDataSource(config);
    }
}
