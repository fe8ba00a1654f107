package dev.successscore.runtime.db;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.Objects;

/**
 * Brings a database schema up to date with Flyway.
 *
 * <p>Each set of migration locations keeps its own history table, so several services (and the Axon tables
 * they share) can live in one PostgreSQL database without seeing each other's migrations. Because another
 * set may already have created tables, a set whose history table does not exist yet is baselined at version 0
 * ({@code baselineOnMigrate}), which still runs its {@code V1}.
 *
 * <p>Flyway serialises concurrent migrations with a PostgreSQL advisory lock, so replicas of a service that
 * start together can all call {@code migrate}: one applies the pending migrations, the others wait for it and
 * then find nothing to do.
 */
public final class Migrations {

    /** Location of the Axon event store and token store tables shipped with this module. */
    public static final String AXON_LOCATION = "classpath:db/axon";
    /** History table of {@link #AXON_LOCATION}. */
    public static final String AXON_HISTORY_TABLE = "flyway_history_axon";

    private Migrations() {
    }

    /**
     * Applies the pending migrations found in {@code locations} (Flyway syntax, for example
     * {@code classpath:db/score}), tracked in {@code schemaHistoryTable} (for example
     * {@code flyway_history_score}; one history table per set of locations).
     *
     * @return the number of migrations applied
     * @throws org.flywaydb.core.api.FlywayException when a migration fails or an applied one was changed
     */
    public static int migrate(DataSource dataSource, String schemaHistoryTable, String... locations) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(schemaHistoryTable, "schemaHistoryTable");
        if (locations.length == 0) {
            throw new IllegalArgumentException("At least one migration location is required");
        }
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(locations)
                .table(schemaHistoryTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        // Replicas starting together: one creates the history table, another finds it created but still empty
        // and refuses to baseline it. Flyway's own lock serialises everything after that, so a retry succeeds.
        Retry retry = Retry.of("migrate-" + schemaHistoryTable, RetryConfig.custom()
                .maxAttempts(10)
                .waitDuration(Duration.ofMillis(200))
                .retryOnException(e -> e instanceof FlywayException
                        && String.valueOf(e.getMessage()).contains("already exists, and is empty"))
                .build());
        MigrateResult result = retry.executeSupplier(flyway::migrate);
        return result.migrationsExecuted;
    }

    /** Creates or updates the Axon tables ({@link #AXON_LOCATION}, history in {@link #AXON_HISTORY_TABLE}). */
    public static int migrateAxonSchema(DataSource dataSource) {
        return migrate(dataSource, AXON_HISTORY_TABLE, AXON_LOCATION);
    }
}
