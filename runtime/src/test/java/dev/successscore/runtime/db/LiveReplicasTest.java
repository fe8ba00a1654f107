package dev.successscore.runtime.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.testing.TestDatabases;
import org.awaitility.Awaitility;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The replicas of a service connected to its database, counted by PostgreSQL's own list of connections. */
class LiveReplicasTest {

    @Test
    void countsEachNamedReplicaOfTheSameServiceOnceAndForgetsOneThatCloses() {
        String url = TestDatabases.freshJdbcUrl();
        try (HikariDataSource first = pool(url, LiveReplicas.applicationName("score-service"));
             HikariDataSource other = pool(url, "usage-service/00000000");
             HikariDataSource unnamed = pool(url, null)) {
            LiveReplicas replicas = new LiveReplicas(first);
            assertThat(replicas.count()).isEqualTo(1);

            HikariDataSource second = pool(url, LiveReplicas.applicationName("score-service"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> replicas.count() == 2);

            second.close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> replicas.count() == 1);
            assertThat(other.isRunning() && unnamed.isRunning()).isTrue();
        }
    }

    @Test
    void aProcessWithoutANameCountsItselfAlone() {
        String url = TestDatabases.freshJdbcUrl();
        try (HikariDataSource unnamed = pool(url, null);
             HikariDataSource named = pool(url, LiveReplicas.applicationName("score-service"))) {
            assertThat(new LiveReplicas(unnamed).count()).isEqualTo(1);
            assertThat(named.isRunning()).isTrue();
        }
    }

    private static HikariDataSource pool(String url, String applicationName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(2);
        if (applicationName != null) {
            config.addDataSourceProperty("ApplicationName", applicationName);
        }
        return new HikariDataSource(config);
    }
}
