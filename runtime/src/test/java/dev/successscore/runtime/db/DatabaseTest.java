package dev.successscore.runtime.db;

import dev.successscore.runtime.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {

    @Test
    void embeddedDatabaseIsDurableAndKeepsItsDataAcrossRestarts(@TempDir Path dataDirectory) throws Exception {
        int port = freePort();
        DatabaseSettings settings = DatabaseSettings.embedded(dataDirectory.resolve("pg")).withEmbeddedPort(port);

        try (Database database = Database.start(settings)) {
            assertThat(database.isEmbedded()).isTrue();
            assertThat(database.jdbcUrl()).contains(":" + port + "/");
            assertThat(show(database.dataSource(), "fsync")).isEqualTo("on");
            assertThat(show(database.dataSource(), "synchronous_commit")).isEqualTo("on");
            assertThat(show(database.dataSource(), "full_page_writes")).isEqualTo("on");
            execute(database.dataSource(), "CREATE TABLE kept (value TEXT)");
            execute(database.dataSource(), "INSERT INTO kept VALUES ('still here')");
        }

        try (Database restarted = Database.start(settings.withEmbeddedPort(0))) {
            assertThat(query(restarted.dataSource(), "SELECT value FROM kept")).isEqualTo("still here");
        }
    }

    @Test
    void connectsToAConfiguredUrlWithoutStartingAServer() throws Exception {
        DatabaseSettings settings = TestDatabases.freshSettings().withPoolSize(2);

        Database database = Database.start(settings);
        try {
            assertThat(database.isEmbedded()).isFalse();
            assertThat(database.jdbcUrl()).isEqualTo(settings.url());
            assertThat(query(database.dataSource(), "SELECT current_database()")).startsWith("test_");
        } finally {
            database.close();
        }
        assertThatThrownBy(() -> database.dataSource().getConnection()).isInstanceOf(SQLException.class);
    }

    @Test
    void failsClearlyWhenTheServerIsUnreachable() throws Exception {
        String url = "jdbc:postgresql://localhost:" + freePort() + "/nowhere?connectTimeout=2";
        DatabaseSettings settings = DatabaseSettings.external(url, "postgres", null);

        assertThatThrownBy(() -> Database.start(settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(url);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String show(DataSource dataSource, String setting) throws SQLException {
        return query(dataSource, "SHOW " + setting);
    }

    private static String query(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet resultSet = statement.executeQuery(sql)) {
            resultSet.next();
            return resultSet.getString(1);
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
