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
    private final LeftoverPostgres leftover = new LeftoverPostgres(Duration.ofSeconds(30));

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(DataDirectory data, @Value("${ventana.database.port:0}") int port) {
        Path dir = data.resolve("postgres");
        try {
            leftover.stopIfRunning(dir);
            log.info("Starting the embedded PostgreSQL in {}", dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    // zonky wipes its data directory by default; the users' data must survive.
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60));
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            log.info("Embedded PostgreSQL listening on 127.0.0.1:{}", postgres.getPort());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not start in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the embedded PostgreSQL", e);
        }
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(10);
        config.setPoolName("ventana-embedded");
        return new HikariDataSource(config);
    }
}
