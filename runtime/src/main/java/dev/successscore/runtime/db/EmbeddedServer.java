package dev.successscore.runtime.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server: files kept in a data directory across restarts, run durably ({@code fsync},
 * {@code synchronous_commit} and {@code full_page_writes} on; the embedded PostgreSQL library turns the first two
 * off by default, which is acceptable only in tests). One server can hold the databases of several services.
 */
public final class EmbeddedServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
    /** The superuser of the embedded server. */
    public static final String USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;
    private final Path directory;

    private EmbeddedServer(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    /**
     * Starts the server on its files in {@code directory} (created and initialised on first use).
     *
     * @param port the TCP port, 0 for any free port
     */
    public static EmbeddedServer start(Path directory, int port) {
        Path absolute = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // the owner stops the server after its services, so no connection is cut first
                    .setRegisterShutdownHook(false)
                    .setDataDirectory(absolute)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
            if (port != 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres started = builder.start();
            LOG.info("Started embedded PostgreSQL on port {} with data in {}", started.getPort(), absolute);
            return new EmbeddedServer(started, absolute);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL with data in " + absolute, e);
        }
    }

    /** The TCP port the server listens on (loopback). */
    public int port() {
        return postgres.getPort();
    }

    /** The data directory. */
    public Path directory() {
        return directory;
    }

    /** The JDBC URL of one of the server's databases. */
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl(USER, database);
    }

    /** Creates the database {@code name} unless it exists. */
    public void ensureDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a database name: " + name);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            try (PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + name);
            }
            LOG.info("Created database {}", name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database " + name, e);
        }
    }

    /** Stops the server (its files stay). */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL cleanly", new UncheckedIOException(e));
        }
    }
}
