package dev.successscore.runtime.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
    private static final String EMBEDDED_USER = "postgres";
    private static final String EMBEDDED_DATABASE = "postgres";

    private final EmbeddedPostgres embedded;
    private final HikariDataSource dataSource;

    private Database(EmbeddedPostgres embedded, HikariDataSource dataSource) {
        this.embedded = embedded;
        this.dataSource = dataSource;
    }

    /**
     * Connects to the configured server, or starts the embedded one first when no URL is configured.
     *
     * @throws IllegalStateException when the embedded server cannot start or the pool cannot connect
     */
    public static Database start(DatabaseSettings settings) {
        if (!settings.isEmbedded()) {
            log.info("Connecting to PostgreSQL at {}", settings.url());
            return new Database(null, pool(settings.url(), settings.user(), settings.password(), settings));
        }
        EmbeddedPostgres embedded = startEmbedded(settings);
        try {
            String url = embedded.getJdbcUrl(EMBEDDED_USER, EMBEDDED_DATABASE);
            return new Database(embedded, pool(url, EMBEDDED_USER, null, settings));
        } catch (RuntimeException e) {
            closeQuietly(embedded);
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
            closeQuietly(embedded);
        }
    }

    private static EmbeddedPostgres startEmbedded(DatabaseSettings settings) {
        Path directory = settings.dataDirectory().toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // the owner closes the database after its services, so no connection is cut first
                    .setRegisterShutdownHook(false)
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
            if (settings.embeddedPort() != 0) {
                builder.setPort(settings.embeddedPort());
            }
            EmbeddedPostgres started = builder.start();
            log.info("Started embedded PostgreSQL on port {} with data in {}", started.getPort(), directory);
            return started;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL with data in " + directory, e);
        }
    }

    private static HikariDataSource pool(String url, String user, String password, DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("successscore-db");
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(settings.poolSize());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not connect to PostgreSQL at " + url, e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres embedded) {
        try {
            embedded.close();
        } catch (IOException e) {
            log.warn("Could not stop the embedded PostgreSQL cleanly", new UncheckedIOException(e));
        }
    }
}
