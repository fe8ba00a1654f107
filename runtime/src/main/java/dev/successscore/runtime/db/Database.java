package dev.successscore.runtime.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * A service's PostgreSQL database: a HikariCP connection pool, and, when no external server is configured, the
 * embedded PostgreSQL server behind it.
 *
 * <p>The embedded server keeps its files in {@link DatabaseSettings#dataDirectory()} across restarts and runs
 * durably ({@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on): a local installation
 * must not lose data it has acknowledged. (The embedded PostgreSQL library turns {@code fsync} and
 * {@code synchronous_commit} off by default; that is acceptable only in tests.)
 *
 * <pre>{@code
 * try (Database database = Database.start(DatabaseSettings.from(Settings.fromEnvironment()))) {
 *     Migrations.migrateAxonSchema(database.dataSource());
 *     ...
 * }
 * }</pre>
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final String EMBEDDED_DATABASE = "postgres";

    private final EmbeddedServer embedded;
    private final HikariDataSource dataSource;

    private Database(EmbeddedServer embedded, HikariDataSource dataSource) {
        this.embedded = embedded;
        this.dataSource = dataSource;
    }

    /**
     * Connects to the configured server, or starts the embedded one first when no URL is configured.
     *
     * @throws IllegalStateException when the embedded server cannot start or the pool cannot connect
     */
    public static Database start(DatabaseSettings settings) {
        return start(settings, null, null);
    }

    /**
     * As {@link #start(DatabaseSettings)}, naming the pool's connections {@code <service>/<instance>} (PostgreSQL's
     * {@code application_name}, unique to this process), so that the replicas of a service connected to the
     * database can be {@linkplain LiveReplicas counted}, and the pool reporting its connections to {@code meters}
     * ({@code hikaricp.connections.*}, tagged {@code pool}). {@code null} leaves either out.
     */
    public static Database start(DatabaseSettings settings, String service, MeterRegistry meters) {
        String applicationName = service == null ? null : LiveReplicas.applicationName(service);
        if (!settings.isEmbedded()) {
            log.info("Connecting to PostgreSQL at {}", settings.url());
            return new Database(null, pool(settings.url(), settings.user(), settings.password(), settings,
                    applicationName, meters));
        }
        EmbeddedServer embedded = EmbeddedServer.start(settings.dataDirectory(), settings.embeddedPort());
        try {
            String url = embedded.jdbcUrl(EMBEDDED_DATABASE);
            return new Database(embedded, pool(url, EmbeddedServer.USER, null, settings, applicationName, meters));
        } catch (RuntimeException e) {
            embedded.close();
            throw e;
        }
    }

    /** The pooled data source; valid until {@link #close()}. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL the pool connects to. */
    public String jdbcUrl() {
        return dataSource.getJdbcUrl();
    }

    /** Whether this database runs the embedded PostgreSQL server. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Closes the pool, then stops the embedded server if there is one. */
    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    private static HikariDataSource pool(String url, String user, String password, DatabaseSettings settings,
                                         String applicationName, MeterRegistry meters) {
        HikariConfig config = new HikariConfig();
        if (applicationName != null) {
            config.addDataSourceProperty("ApplicationName", applicationName);
        }
        config.setPoolName("successscore-db");
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        // idle connections are checked every 30 s: a dead server is noticed, and each replica's connections show
        // recent activity to PostgreSQL, which is how the other replicas tell it is alive (LiveReplicas)
        config.setKeepaliveTime(LiveReplicas.KEEPALIVE.toMillis());
        if (meters != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not connect to PostgreSQL at " + url, e);
        }
    }

}
