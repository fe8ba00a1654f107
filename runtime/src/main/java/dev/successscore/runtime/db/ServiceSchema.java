package dev.successscore.runtime.db;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's database schema: the Axon tables and the service's own, each set of migrations with its own history
 * table (see {@link Migrations}).
 *
 * <p>Locally a service {@linkplain #apply applies} its migrations when it starts. In Kubernetes a release's
 * migration job applies them once ({@code <main class> migrate}), and the replicas, started with
 * {@code CSS_DB_MIGRATIONS=validate}, {@linkplain #awaitCurrent wait} until the schema is the one their code
 * expects instead of changing it.
 */
public final class ServiceSchema {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceSchema.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final String historyTable;
    private final String location;

    /**
     * @param historyTable the service's Flyway history table, e.g. {@code flyway_history_score}
     * @param location     where the service's migrations are, e.g. {@code classpath:db/score}
     */
    public ServiceSchema(String historyTable, String location) {
        this.historyTable = historyTable;
        this.location = location;
    }

    /**
     * Applies the pending migrations, the Axon tables first; several replicas may call it together. A schema that is
     * current is only read: no lock is taken and nothing is written (a replica in validate mode that found the
     * schema current changes nothing here).
     */
    public int apply(DataSource dataSource) {
        if (pending(dataSource).isEmpty()) {
            return 0;
        }
        return Migrations.migrateAxonSchema(dataSource) + Migrations.migrate(dataSource, historyTable, location);
    }

    /**
     * Prepares the schema as {@code settings} say: in {@link MigrationSettings.Mode#APPLY} mode nothing happens here
     * (the service applies its migrations as it starts); in {@link MigrationSettings.Mode#VALIDATE} mode this waits
     * until the schema is current.
     */
    public void prepare(DataSource dataSource, MigrationSettings settings) {
        if (settings.mode() == MigrationSettings.Mode.VALIDATE) {
            awaitCurrent(dataSource, settings.maxWait());
        }
    }

    /**
     * Waits until every migration this code ships is applied, without changing anything.
     *
     * @throws IllegalStateException when the schema is still not current after {@code wait}, naming what is
     *                               pending
     */
    public void awaitCurrent(DataSource dataSource, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> pending = pending(dataSource);
        if (!pending.isEmpty()) {
            LOG.info("Waiting up to {} for the release's migration job to apply {}", wait, pending);
        }
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the database schema is not current after " + wait
                        + "; pending migrations: " + pending + " (run the service's migrate command)");
            }
            sleep();
            pending = pending(dataSource);
        }
    }

    /** The migrations this code ships that the database has not applied, as {@code table:version}. */
    public List<String> pending(DataSource dataSource) {
        List<String> pending = new ArrayList<>();
        pending.addAll(pendingOf(dataSource, Migrations.AXON_HISTORY_TABLE, Migrations.AXON_LOCATION));
        pending.addAll(pendingOf(dataSource, historyTable, location));
        return pending;
    }

    private static List<String> pendingOf(DataSource dataSource, String table, String location) {
        Flyway flyway = Flyway.configure().dataSource(dataSource).locations(location).table(table)
                .baselineOnMigrate(true).baselineVersion("0").load();
        List<String> pending = new ArrayList<>();
        for (MigrationInfo info : flyway.info().pending()) {
            pending.add(table + ":" + info.getVersion());
        }
        return pending;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database schema", e);
        }
    }
}
