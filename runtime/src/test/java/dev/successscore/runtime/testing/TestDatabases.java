package dev.successscore.runtime.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.db.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real PostgreSQL databases for tests: one embedded PostgreSQL server per JVM, started on first use and stopped
 * when the JVM exits, and a brand-new, empty database on it for every {@link #fresh()} call, so tests are
 * isolated from each other without paying for a server start each.
 *
 * <p>The server runs with {@code fsync} and {@code synchronous_commit} off: fast, and fine for tests only.
 *
 * <pre>{@code
 * try (HikariDataSource dataSource = TestDatabases.fresh()) {
 *     Migrations.migrateAxonSchema(dataSource);
 *     ...
 * }
 * }</pre>
 */
public final class TestDatabases {

    private static final String USER = "postgres";
    private static final int POOL_SIZE = 4;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestDatabases() {
    }

    /**
     * A pool of {@value #POOL_SIZE} connections on a new, empty database. Close it when done; the database itself
     * is left to disappear with the server.
     */
    public static HikariDataSource fresh() {
        return fresh(POOL_SIZE);
    }

    /** A pool of {@code poolSize} connections on a new, empty database, for a whole service with its processors. */
    public static HikariDataSource fresh(int poolSize) {
        String name = createDatabase();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Server.INSTANCE.getJdbcUrl(USER, name));
        config.setUsername(USER);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    /** The JDBC URL of a new, empty database (user {@code postgres}, no password). */
    public static String freshJdbcUrl() {
        return Server.INSTANCE.getJdbcUrl(USER, createDatabase());
    }

    /** {@link DatabaseSettings} pointing at a new, empty database, for code that starts its own pool. */
    public static DatabaseSettings freshSettings() {
        return DatabaseSettings.external(freshJdbcUrl(), USER, null).withPoolSize(POOL_SIZE);
    }

    /** The embedded server shared by this JVM's tests. */
    public static EmbeddedPostgres server() {
        return Server.INSTANCE;
    }

    private static String createDatabase() {
        String name = "test_" + COUNTER.incrementAndGet();
        try (Connection connection = Server.INSTANCE.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return name;
    }

    /** Lazy holder: the server starts when a test first asks for a database. */
    private static final class Server {
        static final EmbeddedPostgres INSTANCE = start();

        private static EmbeddedPostgres start() {
            try {
                return EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL for tests", e);
            }
        }
    }
}
