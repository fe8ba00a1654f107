package dev.successscore.runtime.db;

import dev.successscore.runtime.config.Settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a service's PostgreSQL database is and how to connect to it.
 *
 * <p>With a {@code url}, the service connects to that server. Without one, {@link Database#start} runs an
 * embedded PostgreSQL whose files live in {@code dataDirectory}, which survives restarts.
 *
 * @param url           JDBC URL of an external PostgreSQL, or {@code null} to run the embedded one
 * @param user          user name for the external server ({@code null} to let the driver decide)
 * @param password      password for the external server ({@code null} for none)
 * @param poolSize      maximum number of pooled connections, at least 1
 * @param dataDirectory data directory of the embedded PostgreSQL (ignored with a {@code url})
 * @param embeddedPort  TCP port of the embedded PostgreSQL, 0 for any free port (ignored with a {@code url})
 * @param connectTimeout how long a call waits for a pooled connection before it fails with UNAVAILABLE; shorter
 *                      than the callers' deadlines, so that a database outage is reported as such
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, Path dataDirectory,
                               int embeddedPort, Duration connectTimeout) {

    /** JDBC URL of an external PostgreSQL; unset means "run the embedded one". */
    public static final String URL = "CSS_DB_URL";
    /** User name for the external PostgreSQL. */
    public static final String USER = "CSS_DB_USER";
    /** Password for the external PostgreSQL. */
    public static final String PASSWORD = "CSS_DB_PASSWORD";
    /** Maximum size of the connection pool, default {@value #DEFAULT_POOL_SIZE}. */
    public static final String POOL_SIZE = "CSS_DB_POOL_SIZE";
    /** Data directory of the embedded PostgreSQL, default {@value #DEFAULT_DATA_DIRECTORY}. */
    public static final String DATA_DIR = "CSS_DATA_DIR";
    /** TCP port of the embedded PostgreSQL, default 0 (any free port). */
    public static final String EMBEDDED_PORT = "CSS_DB_EMBEDDED_PORT";
    /** How long a call waits for a connection, default 3 s. */
    public static final String CONNECT_TIMEOUT = "CSS_DB_CONNECT_TIMEOUT";
    /** Default of {@link #CONNECT_TIMEOUT}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    /** Default maximum pool size. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** Default data directory of the embedded PostgreSQL, relative to the working directory. */
    public static final String DEFAULT_DATA_DIRECTORY = "./.data/postgres";

    /** Validates the settings. */
    public DatabaseSettings {
        if (poolSize < 1) {
            throw new IllegalArgumentException("Database pool size must be at least 1 but was " + poolSize);
        }
        if (embeddedPort < 0 || embeddedPort > 65535) {
            throw new IllegalArgumentException("Embedded database port must be 0..65535 but was " + embeddedPort);
        }
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (connectTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("Database connect timeout must be at least 250 ms but was "
                    + connectTimeout);
        }
    }

    /** Settings with the default connect timeout. */
    public DatabaseSettings(String url, String user, String password, int poolSize, Path dataDirectory,
                            int embeddedPort) {
        this(url, user, password, poolSize, dataDirectory, embeddedPort, DEFAULT_CONNECT_TIMEOUT);
    }

    /** Reads the {@code CSS_DB_*} and {@code CSS_DATA_DIR} variables. */
    public static DatabaseSettings from(Settings settings) {
        return new DatabaseSettings(
                settings.string(URL, null),
                settings.string(USER, null),
                settings.string(PASSWORD, null),
                settings.integer(POOL_SIZE, DEFAULT_POOL_SIZE, 1, 1000),
                settings.path(DATA_DIR, Path.of(DEFAULT_DATA_DIRECTORY)),
                settings.integer(EMBEDDED_PORT, 0, 0, 65535),
                settings.duration(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT));
    }

    /** Settings for an external server at {@code url}. */
    public static DatabaseSettings external(String url, String user, String password) {
        return new DatabaseSettings(Objects.requireNonNull(url, "url"), user, password, DEFAULT_POOL_SIZE,
                Path.of(DEFAULT_DATA_DIRECTORY), 0);
    }

    /** Settings for an embedded PostgreSQL keeping its files in {@code dataDirectory}, on any free port. */
    public static DatabaseSettings embedded(Path dataDirectory) {
        return new DatabaseSettings(null, null, null, DEFAULT_POOL_SIZE, dataDirectory, 0);
    }

    /** Whether these settings ask for the embedded PostgreSQL. */
    public boolean isEmbedded() {
        return url == null;
    }

    /** A copy with another pool size. */
    public DatabaseSettings withPoolSize(int newPoolSize) {
        return new DatabaseSettings(url, user, password, newPoolSize, dataDirectory, embeddedPort, connectTimeout);
    }

    /** A copy with another embedded port. */
    public DatabaseSettings withEmbeddedPort(int newEmbeddedPort) {
        return new DatabaseSettings(url, user, password, poolSize, dataDirectory, newEmbeddedPort, connectTimeout);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + (url == null ? "<embedded>" : url)
                + ", user=" + user
                + ", password=" + (password == null ? "<none>" : "***")
                + ", poolSize=" + poolSize
                + ", dataDirectory=" + dataDirectory
                + ", embeddedPort=" + embeddedPort
                + ", connectTimeout=" + connectTimeout + "]";
    }
}
